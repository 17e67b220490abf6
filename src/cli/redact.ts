/** A URL's password never reaches the output: `redis://:***@host:port`. */
export function redactUrl(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^/@\s:]*):([^/@\s]*)@/gi, (_, scheme: string, user: string) => `${scheme}${user}:***@`);
}
