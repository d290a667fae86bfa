// The result as JSON (the result object is plain data already).
import type { TlsTestResult } from './types.ts';

export function renderTlsJson(result: TlsTestResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
