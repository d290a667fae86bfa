// Reads the service account key file (the JSON downloaded from Google Cloud). Errors name the file and
// the field, never the key material.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export interface ServiceAccountKey {
  clientEmail: string;
  /** The numeric client ID an admin enters under Domain-wide delegation. */
  clientId: string;
  privateKey: string;
  tokenUri: string;
}

const keyFileSchema = z.object({
  type: z.literal('service_account'),
  client_email: z.string().min(1),
  client_id: z.string().min(1),
  private_key: z.string().includes('PRIVATE KEY'),
  token_uri: z.url().optional(),
});

export class ServiceAccountKeyError extends Error {
  override name = 'ServiceAccountKeyError';
}

export function parseServiceAccountKey(text: string, file: string): ServiceAccountKey {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ServiceAccountKeyError(
      `GOOGLE_SERVICE_ACCOUNT_FILE ${file} is not JSON: download a JSON key for the service account (Google Cloud console > IAM > Service accounts > Keys)`,
    );
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(file)'))];
    throw new ServiceAccountKeyError(
      `GOOGLE_SERVICE_ACCOUNT_FILE ${file} is not a service account key (missing or bad: ${fields.join(', ')}): download a JSON key of type service_account`,
    );
  }
  const key = parsed.data;
  return {
    clientEmail: key.client_email,
    clientId: key.client_id,
    privateKey: key.private_key,
    tokenUri: key.token_uri ?? GOOGLE_TOKEN_URL,
  };
}

export async function readServiceAccountKey(file: string): Promise<ServiceAccountKey> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ServiceAccountKeyError(
      `GOOGLE_SERVICE_ACCOUNT_FILE ${file} cannot be read (${code}): check the path and that the bot's user may read it`,
    );
  }
  return parseServiceAccountKey(text, file);
}
