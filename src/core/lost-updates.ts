/**
 * Which writes destroyed another task's update, counted exactly.
 *
 * Every write is an *update*. A version of a location carries the set of updates it contains: a
 * write based on what its task last read contains that version's updates plus its own. When a
 * write replaces the current version, the updates of the current version it does not contain are
 * dropped; updates it contains that an earlier write dropped come back. The updates missing at
 * the end are the lost ones, and the ✗ marks on writes add up to exactly that number: in
 * `A B A C B C` on the counter, task_B's write drops task_A's update, and task_C's write drops
 * task_B's but brings task_A's back (task_C read it), so one ✗, one update lost. Counting every
 * overwrite of a value the writer had not seen would mark two.
 */

interface Version {
  /** The write that made it; -1 for the state as setup left it. */
  write: number;
  writer: number;
  content: ReadonlySet<number>;
}

interface Location {
  current: Version;
  /** Updates dropped and not brought back. */
  lost: Set<number>;
  /** Writes marked ✗ here, oldest first, with how many updates each destroyed. */
  marks: Array<{ write: number; count: number }>;
}

const INITIAL: Version = { write: -1, writer: -1, content: new Set() };

/** What a write did to its location. */
export interface WriteEffect {
  /** The write whose version this one replaced (-1: the initial state). */
  replaced: number;
  replacedWriter: number;
  /** The read this write was based on, if the task read the location before writing. */
  basedOn?: number;
  /** The location changed between that read and this write: the read went stale. */
  stale: boolean;
  /** Every read by this task since its last write here that another task's write made stale. */
  staleReads: number[];
  /** Updates destroyed by this write (0 when none, or when it brought as many back). */
  lost: number;
  /** Earlier marks to lower, because this write brought their updates back. */
  retracted: Array<{ write: number; count: number }>;
}

/**
 * `replace`: an assignment, insert or delete (the location now holds what the writer computed).
 * `merge`: a mutation that keeps what is there (an array's push): it can act on a stale check
 * but destroys nothing.
 */
export type WriteMode = 'replace' | 'merge';

export class LostUpdateTracker {
  private readonly locations = new Map<string, Location>();
  /**
   * `${task} ${path}` → the version the task last saw there, the read that saw it, and every read
   * since the task last wrote there (a check read, then re-read, went stale all the same).
   */
  private readonly knows = new Map<string, { version: Version; read?: number; reads: Array<{ read: number; saw: Version }> }>();

  /** Returns the write whose version the read saw (-1: the initial state). */
  read(task: number, path: string, event: number): number {
    const location = this.location(path);
    const key = `${task} ${path}`;
    const reads = this.knows.get(key)?.reads ?? [];
    reads.push({ read: event, saw: location.current });
    this.knows.set(key, { version: location.current, read: event, reads });
    return location.current.write;
  }

  write(task: number, path: string, event: number, mode: WriteMode): WriteEffect {
    const location = this.location(path);
    const previous = location.current;
    const known = this.knows.get(`${task} ${path}`);
    // A blind write (no read first) is an intentional overwrite, not a lost update.
    const base = known?.version ?? previous;
    const content = new Set(base.content);
    if (mode === 'merge') for (const u of previous.content) content.add(u);
    content.add(event);
    let delta = 0;
    for (const u of previous.content) {
      if (!content.has(u)) {
        location.lost.add(u);
        delta++;
      }
    }
    for (const u of content) {
      if (location.lost.delete(u)) delta--;
    }
    const version: Version = { write: event, writer: task, content };
    location.current = version;
    this.knows.set(`${task} ${path}`, { version, reads: [] });
    const retracted: Array<{ write: number; count: number }> = [];
    if (delta > 0) location.marks.push({ write: event, count: delta });
    for (let i = location.marks.length - 1; delta < 0 && i >= 0; i--) {
      const mark = location.marks[i];
      if (mark === undefined) continue;
      const take = Math.min(mark.count, -delta);
      mark.count -= take;
      delta += take;
      retracted.push({ write: mark.write, count: mark.count });
      if (mark.count === 0) location.marks.splice(i, 1);
    }
    return {
      replaced: previous.write,
      replacedWriter: previous.writer,
      ...(known?.read !== undefined ? { basedOn: known.read } : {}),
      stale: base !== previous,
      staleReads: (known?.reads ?? []).filter((r) => r.saw !== previous).map((r) => r.read),
      lost: Math.max(0, delta),
      retracted,
    };
  }

  private location(path: string): Location {
    let location = this.locations.get(path);
    if (location === undefined) this.locations.set(path, (location = { current: INITIAL, lost: new Set(), marks: [] }));
    return location;
  }
}
