import Database from 'better-sqlite3';

/** One value from another process's SQLite file, read-only; undefined while the table is missing. */
export function peek<T>(path: string, sql: string, ...params: unknown[]): T | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    return db
      .prepare(sql)
      .pluck()
      .get(...params) as T | undefined;
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs: number,
  describe: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}. ${describe()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
