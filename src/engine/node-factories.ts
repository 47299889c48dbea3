import {
  EndNode,
  HandlerNode,
  IfNode,
  JoinNode,
  SplitNode,
  StartNode,
  SwitchNode,
  type StartOptions,
} from './auto-nodes';
import { PausableViewNode } from './pausable-view-node';
import { ViewNode, type ViewOptions } from './view-node';

/** Shorthands for declaring flows: `nodes: { triage: pausableView({...}) }`. */
export const start = (options: StartOptions) => new StartNode(options);
export const view = (options: ViewOptions) => new ViewNode(options);
export const pausableView = (options: ViewOptions) => new PausableViewNode(options);
export const ifNode = (options: ConstructorParameters<typeof IfNode>[0]) => new IfNode(options);
export const switchNode = (options: ConstructorParameters<typeof SwitchNode>[0]) => new SwitchNode(options);
export const handler = (options: ConstructorParameters<typeof HandlerNode>[0]) => new HandlerNode(options);
export const split = (options: ConstructorParameters<typeof SplitNode>[0]) => new SplitNode(options);
export const join = (options: ConstructorParameters<typeof JoinNode>[0]) => new JoinNode(options);
export const end = (title?: string) => new EndNode(title);
