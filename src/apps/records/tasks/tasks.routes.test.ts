import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { createTestMember } from '../../../../test/support/identity-members.js';
import { mailsTo } from '../../../../test/support/mailbox-tokens.js';
import { testPrincipalHeader, testResolvers } from '../../../../test/support/test-resolvers.js';
import { useTestSuite } from '../../../../test/support/test-suite.js';

const suite = useTestSuite({ resolvers: testResolvers });

/** A member of a tenant that exists in both databases, and a record in it. */
async function memberWithRecord() {
  const member = await createTestMember(suite.platform.identityDb, suite.platform.clock);
  await suite.platform.businessDb.withTenant(member.tenantId, (tx) => tx.query('INSERT INTO tenants (id, name) VALUES ($1, $2)', [member.tenantId, 'Tasks Ltd']));
  const headers = testPrincipalHeader({ tenantId: member.tenantId, subject: member.id });
  const post = (url: string, payload?: object) => suite.app.inject({ method: 'POST', url, payload, headers });
  const get = (url: string) => suite.app.inject({ method: 'GET', url, headers });
  const record = (await post('/api/v1/records/companies', { name: 'Task Target' })).json().id as string;
  return { member, post, get, record };
}

describe('tasks', () => {
  it('creates a task assigned to a member, lists it by due date, completes it, and tells the timeline', async () => {
    const { member, post, get, record } = await memberWithRecord();
    expect((await get('/api/v1/records/members')).json()).toEqual({ items: [{ userId: member.id, email: member.email }], nextCursor: null, prevCursor: null });
    const later = await post(`/api/v1/records/entries/${record}/tasks`, { title: 'Renew contract', assigneeId: member.id, dueOn: '2031-03-01' });
    expect(later.statusCode, later.body).toBe(201);
    expect(later.json()).toMatchObject({ recordId: record, recordName: 'Task Target', title: 'Renew contract', assigneeId: member.id, dueOn: '2031-03-01', done: false });
    await post(`/api/v1/records/entries/${record}/tasks`, { title: 'Call back', assigneeId: member.id, dueOn: '2031-02-01' });

    const first = (await get('/api/v1/records/tasks?limit=1&assignee=me')).json();
    expect(first.items.map((task: { title: string }) => task.title)).toEqual(['Call back']);
    const second = (await get(`/api/v1/records/tasks?limit=1&assignee=me&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((task: { title: string }) => task.title)).toEqual(['Renew contract']);
    const back = (await get(`/api/v1/records/tasks?limit=1&assignee=me&cursor=${second.prevCursor}`)).json();
    expect(back.items.map((task: { title: string }) => task.title)).toEqual(['Call back']);

    const done = await post(`/api/v1/records/tasks/${later.json().id}/complete`);
    expect(done.json().done).toBe(true);
    expect((await get('/api/v1/records/tasks')).json().items.map((task: { title: string }) => task.title)).toEqual(['Call back']);
    const actions = (await get(`/api/v1/records/entries/${record}/activity`)).json().items.map((event: { action: string }) => event.action);
    expect(actions).toEqual(['task_completed', 'task_created', 'task_created', 'created']);
  });

  it('completes a task once: repeats, one after another or ten at once, answer it done and tell the timeline nothing more', async () => {
    const { member, post, get, record } = await memberWithRecord();
    const task = (await post(`/api/v1/records/entries/${record}/tasks`, { title: 'Once', assigneeId: member.id, dueOn: '2031-03-01' })).json().id as string;
    const answers = [await post(`/api/v1/records/tasks/${task}/complete`), ...(await Promise.all(Array.from({ length: 10 }, () => post(`/api/v1/records/tasks/${task}/complete`))))];
    expect(answers.map((answer) => [answer.statusCode, answer.json().done])).toEqual(Array(11).fill([200, true]));
    const actions = (await get(`/api/v1/records/entries/${record}/activity`)).json().items.map((event: { action: string }) => event.action);
    expect(actions).toEqual(['task_completed', 'task_created', 'created']);
  });

  it('pages the members a task can be assigned to, and refuses a forged task cursor', async () => {
    const { member, get } = await memberWithRecord();
    const others = [];
    for (let index = 0; index < 2; index++) {
      const other = await createTestMember(suite.platform.identityDb, suite.platform.clock);
      await suite.platform.identityDb.query("INSERT INTO memberships (tenant_id, user_id, role) VALUES ($1, $2, 'member')", [member.tenantId, other.id]);
      others.push(other);
    }
    const first = (await get('/api/v1/records/members?limit=2')).json();
    const second = (await get(`/api/v1/records/members?limit=2&cursor=${first.nextCursor}`)).json();
    expect([...first.items, ...second.items].map((item: { userId: string }) => item.userId)).toEqual([member.id, ...others.map((other) => other.id)]);
    expect(second.nextCursor).toBeNull();
    expect((await get('/api/v1/records/members?limit=201')).statusCode).toBe(400);
    const forged = Buffer.from(JSON.stringify({ d: 'a', k: ['not a date', randomUUID()] })).toString('base64url');
    const response = await get(`/api/v1/records/tasks?cursor=${forged}`);
    expect([response.statusCode, response.json().error.code]).toEqual([400, 'page.invalid_cursor']);
  });

  it('refuses an assignee who is not a member of the tenant (422) and a made-up task (404)', async () => {
    const { post, record } = await memberWithRecord();
    const outsider = await createTestMember(suite.platform.identityDb, suite.platform.clock);
    const response = await post(`/api/v1/records/entries/${record}/tasks`, { title: 'Nope', assigneeId: outsider.id, dueOn: '2031-03-01' });
    expect(response.statusCode).toBe(422);
    expect(response.json().error.code).toBe('task.assignee_not_member');
    expect((await post(`/api/v1/records/tasks/${randomUUID()}/complete`)).json().error.code).toBe('task.not_found');
    const bad = await post(`/api/v1/records/entries/${record}/tasks`, { title: 'Bad date', assigneeId: outsider.id, dueOn: '2031-02-30' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('task assignment through the outbox', () => {
  it('gives the assignee one email and one in-app notification, both linking to the task on its record page', async () => {
    const { member, post, get, record } = await memberWithRecord();
    const created = await post(`/api/v1/records/entries/${record}/tasks`, { title: 'Send the contract', assigneeId: member.id, dueOn: '2031-04-01' });
    expect(created.statusCode).toBe(201);
    const link = `/records/companies/${record}#task-${created.json().id}`;
    await vi.waitFor(
      async () => {
        const mails = await mailsTo(member.email, 'New task: Send the contract');
        expect(mails).toHaveLength(1);
        expect(mails[0]!.text).toContain(`${suite.platform.config.publicUrl}${link}\n`);
        expect((await get('/api/v1/notifications')).json()).toMatchObject({ unread: 1, items: [{ title: 'New task: Send the contract', link }] });
      },
      { timeout: 20_000, interval: 50 },
    );
    // The link lands on the record's page, on that task.
    const page = await suite.app.inject({ method: 'GET', url: link.split('#')[0]!, headers: { accept: 'text/html', ...testPrincipalHeader({ tenantId: member.tenantId, subject: member.id }) } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`id="task-${created.json().id}"`);
  });
});

describe('notes', () => {
  it('adds notes to a record, newest first, and refuses an empty or oversized one', async () => {
    const { post, get, record } = await memberWithRecord();
    expect((await post(`/api/v1/records/entries/${record}/notes`, { body: 'First call went well.' })).statusCode).toBe(201);
    expect((await post(`/api/v1/records/entries/${record}/notes`, { body: 'Sent the quote.' })).statusCode).toBe(201);
    expect((await get(`/api/v1/records/entries/${record}/notes`)).json().items.map((note: { body: string }) => note.body)).toEqual(['Sent the quote.', 'First call went well.']);
    expect((await post(`/api/v1/records/entries/${record}/notes`, { body: '   ' })).statusCode).toBe(400);
    expect((await post(`/api/v1/records/entries/${record}/notes`, { body: 'x'.repeat(10_001) })).statusCode).toBe(400);
  });
});
