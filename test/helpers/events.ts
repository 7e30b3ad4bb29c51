import assert from 'node:assert/strict';

/** Reads a server-sent events stream until `until` accepts an event's data (or the time is up). */
export async function nextEvent(url: string, until: (data: unknown) => boolean, timeoutMs = 5_000): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { signal: controller.signal });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        if (data && until(JSON.parse(data))) return JSON.parse(data);
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
