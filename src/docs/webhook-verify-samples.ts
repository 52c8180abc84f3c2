/**
 * @module How a receiver verifies a delivery's signature, in TypeScript, PHP and C#: the one
 * copy of each sample. The help page on signatures prints them and
 * test/docs/webhook-verify-samples.test.ts runs them as that page prints them. Each reads one
 * delivery from WEBHOOK_SECRET, WEBHOOK_ID, WEBHOOK_TIMESTAMP, WEBHOOK_SIGNATURE and
 * WEBHOOK_BODY and prints `valid` or `invalid`.
 */
import type { Text } from '../http/route-docs.ts'

export interface VerifySample {
  /** The code element's data-sample id on the page. */
  readonly id: string
  readonly label: Text
  readonly code: string
}

const VERIFY_TYPESCRIPT = `import { createHmac, timingSafeEqual } from 'node:crypto'

export function verifyWebhook(secret: string, id: string, timestamp: string, signatures: string, body: string): boolean {
  if (!/^\\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = createHmac('sha256', key).update(\`\${id}.\${timestamp}.\${body}\`).digest()
  return signatures.split(' ').some((entry) => {
    const [version, value = ''] = entry.split(',')
    const given = Buffer.from(value, 'base64')
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)
  })
}

const env = process.env
const valid = verifyWebhook(env.WEBHOOK_SECRET ?? '', env.WEBHOOK_ID ?? '', env.WEBHOOK_TIMESTAMP ?? '',
  env.WEBHOOK_SIGNATURE ?? '', env.WEBHOOK_BODY ?? '')
console.log(valid ? 'valid' : 'invalid')
`

const VERIFY_PHP = `<?php
function verify_webhook(string $secret, string $id, string $timestamp, string $signatures, string $body): bool {
    if (!ctype_digit($timestamp) || abs(time() - intval($timestamp)) > 300) return false;
    $key = base64_decode(preg_replace('/^whsec_/', '', $secret));
    $expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$body", $key, true));
    foreach (explode(' ', $signatures) as $entry) {
        [$version, $value] = array_pad(explode(',', $entry, 2), 2, '');
        if ($version === 'v1' && hash_equals($expected, $value)) return true;
    }
    return false;
}

$valid = verify_webhook(getenv('WEBHOOK_SECRET') ?: '', getenv('WEBHOOK_ID') ?: '', getenv('WEBHOOK_TIMESTAMP') ?: '',
    getenv('WEBHOOK_SIGNATURE') ?: '', getenv('WEBHOOK_BODY') ?: '');
echo $valid ? "valid\\n" : "invalid\\n";
`

const VERIFY_CSHARP = `using System;
using System.Security.Cryptography;
using System.Text;

public static class WebhookVerifier
{
    public static bool Verify(string secret, string id, string timestamp, string signatures, string body)
    {
        long seconds;
        if (!long.TryParse(timestamp, out seconds)) return false;
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300) return false;
        byte[] key = Convert.FromBase64String(secret.StartsWith("whsec_") ? secret.Substring(6) : secret);
        byte[] expected;
        using (var hmac = new HMACSHA256(key))
        {
            expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(id + "." + timestamp + "." + body));
        }
        foreach (string entry in signatures.Split(' '))
        {
            string[] parts = entry.Split(new[] { ',' }, 2);
            if (parts.Length == 2 && parts[0] == "v1" && SameBytes(Convert.FromBase64String(parts[1]), expected)) return true;
        }
        return false;
    }

    static bool SameBytes(byte[] given, byte[] expected)
    {
        if (given.Length != expected.Length) return false;
        int difference = 0;
        for (int i = 0; i < given.Length; i++) difference |= given[i] ^ expected[i];
        return difference == 0;
    }

    public static void Main()
    {
        Func<string, string> env = name => Environment.GetEnvironmentVariable(name) ?? "";
        bool valid = Verify(env("WEBHOOK_SECRET"), env("WEBHOOK_ID"), env("WEBHOOK_TIMESTAMP"),
            env("WEBHOOK_SIGNATURE"), env("WEBHOOK_BODY"));
        Console.WriteLine(valid ? "valid" : "invalid");
    }
}
`

export const WEBHOOK_VERIFY_SAMPLES: readonly VerifySample[] = [
  { id: 'verify-ts', label: { sv: 'TypeScript (Node.js, inga paket)', en: 'TypeScript (Node.js, no packages)' }, code: VERIFY_TYPESCRIPT },
  { id: 'verify-php', label: { sv: 'PHP', en: 'PHP' }, code: VERIFY_PHP },
  { id: 'verify-csharp', label: { sv: 'C# (.NET Framework 4.x eller Mono, och .NET 6 eller senare)', en: 'C# (.NET Framework 4.x or Mono, and .NET 6 or later)' }, code: VERIFY_CSHARP },
]
