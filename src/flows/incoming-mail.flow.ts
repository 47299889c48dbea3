import { z } from 'zod';
import { defineFlow, end, handler, ifNode, pausableView, start, view } from '../engine';

const registerForm = z.object({
  sender: z.string().trim().min(1, 'Enter who sent the mail').max(200).meta({ label: 'Sender' }),
  subject: z.string().trim().min(1, 'Enter the subject').max(200).meta({ label: 'Subject' }),
  received: z.iso.date('Enter a date as YYYY-MM-DD').meta({ label: 'Received on' }),
  body: z.string().max(20000).optional().meta({ label: 'Text of the mail', widget: 'textarea' }),
});

/** The long form people interrupt: reading a mail, summarising it, routing it. */
const triageForm = z.object({
  category: z.enum(['invoice', 'complaint', 'request', 'legal', 'other'], 'Choose a category').meta({ label: 'Category' }),
  summary: z
    .string()
    .trim()
    .min(20, 'Write a summary of at least 20 characters')
    .max(5000)
    .meta({ label: 'Summary', widget: 'textarea', help: 'What the sender wants, in your own words.' }),
  amount: z.number('Enter a number').min(0, 'The amount cannot be negative').optional().meta({ label: 'Amount (EUR)' }),
  department: z.enum(['finance', 'customer-care', 'legal', 'management'], 'Choose a department').meta({ label: 'Route to department' }),
  replyBy: z.iso.date('Enter a date as YYYY-MM-DD').optional().meta({ label: 'Reply by' }),
  urgent: z.boolean().meta({ label: 'Urgent' }),
});

const replyForm = z.object({
  reply: z.string().trim().min(1, 'Write the reply').max(10000).meta({ label: 'Reply', widget: 'textarea' }),
  sent: z.boolean().refine((v) => v, 'Confirm that the reply was sent').meta({ label: 'Reply sent' }),
});

/**
 * The cookbook sample's process: a mail is registered, someone triages it
 * in a long, pausable form, urgent mail is escalated, and a reply is written.
 */
export const incomingMailFlow = defineFlow({
  name: 'incoming-mail',
  title: 'Incoming mail',
  description: 'Register a letter or e-mail, triage it and reply.',
  summary: (d) => `${String(d.subject ?? '')} (from ${String(d.sender ?? '?')})`,
  nodes: {
    register: start({ title: 'Register mail', form: registerForm, next: 'triage' }),
    triage: pausableView({
      title: 'Triage mail',
      description: 'Read the mail, summarise it and decide where it goes.',
      form: triageForm,
      offerTo: { role: 'user' },
      next: 'isUrgent',
    }),
    isUrgent: ifNode({ title: 'Urgent?', when: (d) => d.urgent === true, then: 'escalate', else: 'reply' }),
    escalate: handler({
      title: 'Escalate to management',
      run: ({ now }) => ({ escalatedAt: now.toISOString() }),
      next: 'reply',
    }),
    reply: view({ title: 'Reply to sender', form: replyForm, assignTo: 'starter', next: 'end' }),
    end: end(),
  },
});
