import { FlowDefinitionError } from './errors';
import { EndNode, JoinNode, StartNode } from './auto-nodes';
import type { FlowNode } from './flow-node';
import type { ProcessData } from './records';

export interface FlowOptions {
  /** URL-safe identifier, e.g. `incoming-mail`. */
  name: string;
  title: string;
  description?: string;
  /** One line describing a process, for lists. */
  summary?: (data: ProcessData) => string;
  nodes: Record<string, FlowNode>;
}

const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * A flow declared in code: named nodes and the links between them. The
 * definition is checked when it is created, so a broken flow fails at start-up.
 *
 * @example
 * const mail = defineFlow({
 *   name: 'incoming-mail',
 *   title: 'Incoming mail',
 *   summary: (d) => String(d.subject ?? ''),
 *   nodes: {
 *     register: start({ title: 'Register mail', form: registerForm, next: 'triage' }),
 *     triage: pausableView({ title: 'Triage', form: triageForm, offerTo: { role: 'user' }, next: 'urgent' }),
 *     urgent: ifNode({ when: (d) => d.urgent === true, then: 'escalate', else: 'end' }),
 *     escalate: handler({ title: 'Escalate', run: () => ({ escalated: true }), next: 'end' }),
 *     end: end(),
 *   },
 * });
 */
export class Flow {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly start: StartNode;
  private readonly nodes: ReadonlyMap<string, FlowNode>;
  private readonly summarize: (data: ProcessData) => string;

  constructor(options: FlowOptions) {
    this.name = options.name;
    this.title = options.title;
    this.description = options.description ?? '';
    this.summarize = options.summary ?? (() => '');
    if (!NAME.test(options.name)) {
      throw new FlowDefinitionError(options.name, null, 'the name must be lower-case letters, digits and dashes');
    }
    const nodes = new Map<string, FlowNode>();
    for (const [name, node] of Object.entries(options.nodes)) {
      if (node.name && (node.name !== name || node.flowName !== options.name)) {
        throw new FlowDefinitionError(options.name, name, 'a node object can belong to one flow under one name only');
      }
      node.name = name;
      node.flowName = options.name;
      nodes.set(name, node);
    }
    this.nodes = nodes;
    this.start = this.check();
  }

  node(name: string): FlowNode | undefined {
    return this.nodes.get(name);
  }

  allNodes(): FlowNode[] {
    return [...this.nodes.values()];
  }

  /** The one-line summary of a process's data (never throws). */
  summary(data: ProcessData): string {
    try {
      return this.summarize(data).replace(/\s+/g, ' ').trim().slice(0, 200);
    } catch {
      return '';
    }
  }

  private check(): StartNode {
    const starts = this.allNodes().filter((n): n is StartNode => n instanceof StartNode);
    if (starts.length !== 1) {
      throw new FlowDefinitionError(this.name, null, `a flow needs exactly one start node, found ${starts.length}`);
    }
    if (!this.allNodes().some((n) => n instanceof EndNode)) {
      throw new FlowDefinitionError(this.name, null, 'the flow has no End node');
    }
    for (const node of this.allNodes()) {
      for (const target of node.targets()) {
        if (!this.nodes.has(target)) {
          throw new FlowDefinitionError(this.name, node.name, `links to unknown node "${target}"`);
        }
        if (this.nodes.get(target) instanceof StartNode) {
          throw new FlowDefinitionError(this.name, node.name, `links back to the start node "${target}"`);
        }
      }
      if (!(node instanceof EndNode) && node.targets().length === 0) {
        throw new FlowDefinitionError(this.name, node.name, 'leads nowhere');
      }
    }
    const start = starts[0]!;
    const seen = new Set<string>([start.name]);
    const queue = [start.name];
    while (queue.length) {
      for (const target of this.nodes.get(queue.shift()!)!.targets()) {
        if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      }
    }
    for (const node of this.allNodes()) {
      if (!seen.has(node.name)) throw new FlowDefinitionError(this.name, node.name, 'is unreachable from the start');
    }
    for (const node of this.allNodes()) {
      if (node instanceof JoinNode && !this.allNodes().some((n) => n.kind === 'split')) {
        throw new FlowDefinitionError(this.name, node.name, 'a Join needs a Split before it');
      }
    }
    return start;
  }
}

export function defineFlow(options: FlowOptions): Flow {
  return new Flow(options);
}
