import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from '../../src/db/generated/sqlite/client';
import { migrate } from '../../src/db/migrate';
import { openDatabase } from '../../src/db/open-database';
import { tempSqliteUrl } from '../support/temp-sqlite';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withFile(work: (url: string) => Promise<void>) {
  const file = await tempSqliteUrl('conn');
  try {
    await migrate(file.url);
    await work(file.url);
  } finally {
    await file.remove();
  }
}

describe('SQLite connection handling', () => {
  it('shows why a gate is needed: the adapter lets a plain write join another caller’s open transaction', async () => {
    await withFile(async (url) => {
      const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }) });
      try {
        let entered!: () => void;
        let release!: () => void;
        const inTransaction = new Promise<void>((resolve) => (entered = resolve));
        const released = new Promise<void>((resolve) => (release = resolve));
        const inside = prisma.$transaction(async (tx) => {
          await tx.user.create({ data: { username: 'in-tx', displayName: 'x', passwordHash: 'h' } });
          entered();
          // Held open until the outside work is done (or 3 s, should it ever wait for this transaction).
          await Promise.race([released, pause(3000)]);
          throw new Error('roll back');
        });
        await inTransaction;
        // Prisma runs an upsert (unlike a create) without a transaction of its own, so it skips the adapter's mutex.
        await prisma.session.upsert({ where: { sid: 'outside' }, create: { sid: 'outside', data: '{}', expiresAt: new Date() }, update: { data: '{}' } });
        const seen = (await prisma.user.findMany({ where: { username: 'in-tx' } })).length;
        release();
        await assert.rejects(inside, /roll back/);
        assert.equal(seen, 1, 'a plain read sees the open transaction’s uncommitted row');
        assert.equal(await prisma.session.count({ where: { sid: 'outside' } }), 0, 'the outside write was rolled back with it');
      } finally {
        await prisma.$disconnect();
      }
    });
  });

  it('keeps a session written during another request’s withProcessLock when that lock rolls back', async () => {
    await withFile(async (url) => {
      const db = await openDatabase(url, { sessionPruneIntervalMs: 0 });
      try {
        const processId = await db.store.createProcess(
          { flow: 'f', data: {}, summary: '', createdById: null, createdAt: new Date() },
          async (_tx, p) => p.id,
        );
        let entered!: () => void;
        const inTransaction = new Promise<void>((resolve) => (entered = resolve));
        const locked = db.store.withProcessLock(processId, async (tx) => {
          await tx.updateProcess(processId, { summary: 'rolled back' });
          entered();
          await pause(30);
          throw new Error('roll back');
        });
        await inTransaction;
        // Another request writes its session while the lock is held.
        const outside = new Promise<void>((resolve, reject) =>
          db.sessions.set('outside', { cookie: { originalMaxAge: null } } as never, (err) => (err ? reject(err) : resolve())),
        );
        await assert.rejects(locked, /roll back/);
        await outside;
        assert.equal(await db.prisma.session.count({ where: { sid: 'outside' } }), 1);
        assert.equal((await db.store.getProcess(processId))!.summary, '');
      } finally {
        await db.close();
      }
    });
  });

  it('refuses to use the store instead of the transaction inside withProcessLock rather than deadlock', async () => {
    await withFile(async (url) => {
      const db = await openDatabase(url, { sessionPruneIntervalMs: 0 });
      try {
        const processId = await db.store.createProcess(
          { flow: 'f', data: {}, summary: '', createdById: null, createdAt: new Date() },
          async (_tx, p) => p.id,
        );
        await assert.rejects(
          db.store.withProcessLock(processId, () => db.store.getProcess(processId)),
          /use the transaction object/,
        );
      } finally {
        await db.close();
      }
    });
  });

  it('opens a file once per process', async () => {
    await withFile(async (url) => {
      const first = await openDatabase(url, { sessionPruneIntervalMs: 0 });
      try {
        await assert.rejects(openDatabase(url), /already open in this process/);
      } finally {
        await first.close();
      }
      const again = await openDatabase(url, { sessionPruneIntervalMs: 0 });
      await again.close();
    });
  });

  it('turns on WAL, foreign keys and a busy timeout', async () => {
    await withFile(async (url) => {
      const db = await openDatabase(url, { sessionPruneIntervalMs: 0 });
      try {
        const [mode] = await db.prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
        const [fk] = await db.prisma.$queryRawUnsafe<{ foreign_keys: bigint | number }[]>('PRAGMA foreign_keys');
        const [busy] = await db.prisma.$queryRawUnsafe<{ timeout: bigint | number }[]>('PRAGMA busy_timeout');
        assert.equal(mode!.journal_mode, 'wal');
        assert.equal(Number(fk!.foreign_keys), 1);
        assert.equal(Number(busy!.timeout), 5000);
      } finally {
        await db.close();
      }
    });
  });
});
