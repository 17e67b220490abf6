import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../src/cli/scenario-flags.js';

describe('maskSecrets', () => {
  const declared = { url: { description: 'where', secret: true } };

  it("masks a URL's password, and a `$&` in the URL's user does not put the whole URL back", () => {
    const url = 'redis://a$&b:hunter2@127.0.0.1:6379';
    const text = `connecting to ${url} now`;
    const masked = maskSecrets(text, declared, { url });
    expect(masked).toBe('connecting to redis://a$&b:***@127.0.0.1:6379 now');
    expect(masked).not.toContain('hunter2');
  });

  it("masks a plain secret whose value has `$'` in it", () => {
    expect(maskSecrets("token t$'k here", { token: { description: 'a token', secret: true } }, { token: "t$'k" })).toBe('token *** here');
  });
});
