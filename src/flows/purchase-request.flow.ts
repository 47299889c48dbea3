import { z } from 'zod';
import { defineFlow, end, ifNode, join, pausableView, split, start, switchNode, view } from '../engine';

const requestForm = z.object({
  item: z.string().trim().min(1, 'Say what you want to buy').max(200).meta({ label: 'Item' }),
  amount: z.number('Enter a number').positive('The amount must be more than 0').max(1_000_000).meta({ label: 'Amount (EUR)' }),
  reason: z.string().trim().min(10, 'Explain the need in at least 10 characters').max(5000).meta({ label: 'Why it is needed', widget: 'textarea' }),
});

const approvalForm = z.object({
  decision: z.enum(['approve', 'reject'], 'Choose approve or reject').meta({ label: 'Decision' }),
  comment: z.string().trim().max(2000).optional().meta({ label: 'Comment', widget: 'textarea' }),
});

const checkForm = z.object({
  budgetLine: z.string().trim().min(1, 'Name the budget line').max(100).meta({ label: 'Budget line' }),
  budgetOk: z.boolean().meta({ label: 'Budget available' }),
});

const orderForm = z.object({
  supplier: z.string().trim().min(1, 'Name the supplier').max(200).meta({ label: 'Supplier' }),
  orderNumber: z.string().trim().min(1, 'Enter the order number').max(50).meta({ label: 'Order number' }),
  deliveryDate: z.iso.date('Enter a date as YYYY-MM-DD').meta({ label: 'Expected delivery' }),
});

/**
 * A purchase request: large amounts get a budget check in parallel with the
 * manager's approval (Split/Join), then the order is placed or the request ends.
 */
export const purchaseRequestFlow = defineFlow({
  name: 'purchase-request',
  title: 'Purchase request',
  description: 'Ask to buy something; a manager approves it and someone orders it.',
  summary: (d) => `${String(d.item ?? '')}: ${String(d.amount ?? '?')} EUR`,
  nodes: {
    request: start({ title: 'Request a purchase', form: requestForm, next: 'size' }),
    size: switchNode({
      title: 'How large?',
      cases: [{ when: (d) => Number(d.amount) >= 5000, to: 'checks' }],
      default: 'approve',
    }),
    checks: split({ title: 'Approval and budget check', branches: [{ to: 'bigApprove' }, { to: 'budget' }] }),
    bigApprove: pausableView({ title: 'Approve large purchase', form: approvalForm, offerTo: { role: 'admin' }, next: 'checked' }),
    budget: pausableView({ title: 'Check the budget', form: checkForm, offerTo: { role: 'user' }, next: 'checked' }),
    checked: join({ title: 'Both checks done', next: 'approved' }),
    approve: pausableView({ title: 'Approve purchase', form: approvalForm, offerTo: { role: 'admin' }, next: 'approved' }),
    approved: ifNode({
      title: 'Approved?',
      when: (d) => d.decision === 'approve' && d.budgetOk !== false,
      then: 'order',
      else: 'end',
    }),
    order: view({ title: 'Place the order', form: orderForm, assignTo: 'starter', next: 'end' }),
    end: end(),
  },
});
