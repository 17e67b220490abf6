let allowed = false;

/**
 * Lets a user's scenario module `import ... from 'lockdemo'` even where no lockdemo is installed
 * beside it, by registering a resolve hook that falls back to the running lockdemo. Called
 * before the first user module is imported, in the main thread and in each worker.
 */
export async function allowSelfImport(): Promise<void> {
  if (allowed) return;
  allowed = true;
  const hook = new URL('./self-resolve-hook.js', import.meta.url);
  const [{ existsSync }, { register }, { fileURLToPath }] = await Promise.all([
    import('node:fs'),
    import('node:module'),
    import('node:url'),
  ]);
  // Only the build has the hook as JavaScript; tests running the sources resolve by name.
  if (!existsSync(fileURLToPath(hook))) return;
  register(hook, { data: { selfUrl: new URL('../index.js', import.meta.url).href } });
}
