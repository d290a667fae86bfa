// nodemailer's SMTP client as promises, for the tests and benchmarks that play a sending server.
import SMTPConnection from 'nodemailer/lib/smtp-connection';

/** Opens a session (greeting and EHLO done); on failure the connection is closed and the error thrown. */
export async function connectSmtp(options: SMTPConnection.Options): Promise<SMTPConnection> {
  const connection = new SMTPConnection(options);
  try {
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject);
      connection.connect(() => resolve());
    });
  } catch (error) {
    connection.close();
    throw error;
  }
  return connection;
}

/** Sends one message on an open session; resolves with the server's final reply, rejects on a refusal. */
export function sendSmtp(
  connection: SMTPConnection,
  envelope: { from: string; to: string[] },
  message: string | Buffer,
): Promise<{ response: string }> {
  return new Promise((resolve, reject) =>
    connection.send(envelope, message, (error, info) => (error ? reject(error) : resolve(info))),
  );
}
