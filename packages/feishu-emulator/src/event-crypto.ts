/**
 * Webhook body encryption and request signing as Feishu does them (platforms.md A6):
 * AES-256-CBC with key = SHA256(encryptKey), a random IV prepended to the ciphertext, base64;
 * signature = hex SHA256(timestamp + nonce + encryptKey + body) over the exact body string sent.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

export function encryptBody(encryptKey: string, plaintext: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export function signBody(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256')
    .update(timestamp + nonce + encryptKey + body)
    .digest('hex');
}
