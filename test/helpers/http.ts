/** Raw HTTP for tests that must see exactly what goes over the wire (status, headers, body). */
export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export async function raw(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: string; contentType?: string } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(baseUrl + path, { method, headers, body: options.body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Resolves to the ApiError a call throws (fails the test when it does not throw). */
export async function failure<T>(promise: Promise<T>): Promise<{ status: number; code: string; detail: string; retryAfter?: number }> {
  try {
    await promise;
  } catch (error) {
    const problem = (error as { problem?: { status: number; code: string; detail: string; retryAfter?: number } }).problem;
    if (!problem) throw error;
    return problem;
  }
  throw new Error('expected the call to fail');
}
