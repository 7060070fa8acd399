import { useTestDatabase } from '@confiture/test-utils';
import type pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { hardcodedSecret } from './hardcoded-secret.js';
import { maskSecret, scanText } from './lib/secrets.js';
import { runRule, snapshotFromSql } from './test-helpers/index.js';

const db = useTestDatabase('lint_sec');
let client: pg.Client;
beforeAll(async () => {
  client = await db.current.client();
});

// Test credentials, assembled at run time so this file does not itself look like a leak.
const AWS = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const STRIPE = ['sk_live_', '4eC39HqLyjWDarjtT1zdp7dc'].join('');
const GITHUB = ['ghp_', 'R7u3kQx9LmZ2vBn8TfYp4WcHs6JdEa1GoKi5'].join('');
const SLACK = ['xoxb-', '123456789012-', '9876543210987-', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('');
const JWT = ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', 'eyJzdWIiOiIxMjM0NTY3ODkwIiwicm9sZSI6InNlcnZpY2UifQ', 'c2lnbmF0dXJlLXRoYXQtaXMtbG9uZy1lbm91Z2g'].join('.');
const KEY_BODY = 'MIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi3Y8vT2qLkPz\nq8Lw0Xr5hM4uJp7sGdZ1bYcVnE2tKfQa9WxR3oL6iHjN8m';
const API_KEY_VALUE = 'f3a9c2d1e8b7a6c5d4e3f2a1b0';

describe('hardcoded-secret', () => {
  it('finds credentials in defaults, function bodies, views and comments, masked', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'sec_db',
      `create table integrations (
         id int primary key,
         api_key text default '${API_KEY_VALUE}',
         aws_key text default '${AWS}',
         token text default 'changeme',
         password text default '',
         status text default 'active',
         token_type text default 'Bearer-Token-2024'
       );
       create function notify_billing(p_password text) returns text language plpgsql as $$
       declare v_secret text := '${STRIPE}';
       begin
         perform crypt(p_password, gen_salt('bf'));
         if p_password = p_password then return v_secret; end if;
         return null;
       end $$;
       create function hash_password(password text) returns text language sql as $$ select md5(password) $$;
       create view integration_tokens as select id from integrations where token = '${GITHUB}';
       create view open_integrations as select id from integrations where status = 'active';
       comment on table integrations is 'Connect with postgres://app:Sup3r-S3cret-99@db.internal:5432/prod';
       comment on column integrations.token is 'password: see the vault; url postgres://app:\${DB_PASSWORD}@db/prod';`,
    );
    const run = await runRule(hardcodedSecret, snapshot);
    const messages = Object.fromEntries(run.findings.map((f) => [`${f.objectKind} ${f.object}`, f.message]));
    expect(messages).toEqual({
      'column sec_db.integrations.api_key': `The default of column sec_db.integrations.api_key contains a literal default for "api_key" (f3a9******************a1b0).`,
      'column sec_db.integrations.aws_key': 'The default of column sec_db.integrations.aws_key contains an AWS access key id (AKIA************MPLE).',
      'function sec_db.notify_billing(text)': 'The body of function sec_db.notify_billing(text) contains a Stripe live key (sk_l************************p7dc).',
      'view sec_db.integration_tokens': 'The definition of view sec_db.integration_tokens contains a GitHub token (ghp_************************oKi5).',
      'comment sec_db.integrations': 'The comment on table sec_db.integrations contains a URL with a password (postgres://app:***@db.internal).',
    });
    expect(run.findings.find((f) => f.object === 'sec_db.integrations.api_key')?.fix).toContain(
      'ALTER TABLE sec_db.integrations ALTER COLUMN api_key DROP DEFAULT;',
    );
    expect(run.findings.find((f) => f.objectKind === 'comment')?.fix).toContain('COMMENT ON TABLE sec_db.integrations IS NULL;');
    const text = JSON.stringify(run.findings);
    for (const secret of [API_KEY_VALUE, AWS, STRIPE, GITHUB, 'Sup3r-S3cret-99']) expect(text).not.toContain(secret);
  });

  it('finds credentials in schema and migration files with file:line:column, skipping placeholders', async () => {
    const file = [
      '-- db/migrations/0007_integrations.sql',
      `-- slack bot: ${SLACK}`,
      "CREATE ROLE reporting LOGIN PASSWORD 'R3al-Pa55word!';",
      "CREATE ROLE readonly LOGIN PASSWORD 'SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVkS2V5:c2VydmVyS2V5';",
      `-- service role: ${JWT}`,
      "-- api_key = 'your_api_key_here', password: ${DB_PASSWORD}, token=changeme, AKIAXXXXXXXXXXXXXXXX",
      '/* -----BEGIN RSA PRIVATE KEY-----',
      KEY_BODY,
      '-----END RSA PRIVATE KEY----- */',
      "CREATE TABLE webhooks (id int PRIMARY KEY, signing_secret text DEFAULT 'whsec_9f8e7d6c5b4a39281706');",
      'CREATE TABLE users (id int PRIMARY KEY, password text NOT NULL);',
      "UPDATE users SET password = crypt(p_password, gen_salt('bf'));",
      '',
    ].join('\n');
    const snapshot = await snapshotFromSql(client, 'sec_files', 'create table webhooks (id int primary key);', {
      files: [{ path: 'db/migrations/0007_integrations.sql', text: file }],
    });
    const run = await runRule(hardcodedSecret, snapshot);
    expect(run.findings.map((f) => [f.location?.line, f.location?.column, f.message])).toEqual([
      [2, 15, `db/migrations/0007_integrations.sql:2:15 contains a Slack token (xoxb************************UvWx).`],
      [3, 39, 'db/migrations/0007_integrations.sql:3:39 contains a role password (R3***).'],
      [5, 18, `db/migrations/0007_integrations.sql:5:18 contains a JSON Web Token (eyJh************************1Z2g).`],
      [7, 4, 'db/migrations/0007_integrations.sql:7:4 contains a private key (-----BEGIN RSA PRIVATE KEY----- ***).'],
      [11, 73, 'db/migrations/0007_integrations.sql:11:73 contains the default of "signing_secret" (whse******************1706).'],
    ]);
    for (const finding of run.findings) expect(finding).toMatchObject({ object: 'db/migrations/0007_integrations.sql', objectKind: 'file' });
    const text = JSON.stringify(run.findings);
    for (const secret of [SLACK, 'R3al-Pa55word!', JWT, KEY_BODY.slice(0, 20), 'whsec_9f8e7d6c5b4a39281706']) expect(text).not.toContain(secret);
  });

  it('finds credentials in index expressions and predicates and in CHECK constraints, not in plain ones', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'sec_idx',
      `create table sessions (id int primary key, token text, status text, constraint sessions_not_leaked check (token <> '${GITHUB}'),
                              constraint sessions_status check (status in ('open', 'closed')));
       create index sessions_service_token on sessions (token) where token = '${STRIPE}';
       create index sessions_is_admin on sessions ((token = '${AWS}'));
       create index sessions_open on sessions (token) where status = 'open';`,
    );
    const run = await runRule(hardcodedSecret, snapshot);
    expect(Object.fromEntries(run.findings.map((f) => [`${f.objectKind} ${f.object}`, f.message]))).toEqual({
      'constraint sec_idx.sessions_not_leaked': 'The CHECK constraint sessions_not_leaked on sec_idx.sessions contains a GitHub token (ghp_************************oKi5).',
      'index sec_idx.sessions_service_token': 'The definition of index sec_idx.sessions_service_token on sec_idx.sessions contains a Stripe live key (sk_l************************p7dc).',
      'index sec_idx.sessions_is_admin': 'The definition of index sec_idx.sessions_is_admin on sec_idx.sessions contains an AWS access key id (AKIA************MPLE).',
    });
    expect(run.findings.find((f) => f.objectKind === 'constraint')?.fix).toContain(
      'ALTER TABLE sec_idx.sessions DROP CONSTRAINT sessions_not_leaked;',
    );
    const text = JSON.stringify(run.findings);
    for (const secret of [GITHUB, STRIPE, AWS]) expect(text).not.toContain(secret);
  });

  it('locates a secret in a comment at its COMMENT ON statement, where a suppression goes', async () => {
    const sql = [
      'set search_path = sec_loc;',
      'create table vault (id int primary key, note text);',
      'create view vault_ids as select id from vault;',
      '',
      `comment on table vault is 'read with ${GITHUB}';`,
      `comment on column vault.note is 'key ${AWS}';`,
      `comment on view vault_ids is 'token ${GITHUB}';`,
      '',
    ].join('\n');
    const snapshot = await snapshotFromSql(client, 'sec_loc', sql, { files: [{ path: 'db/schema/vault.sql', text: sql }] });
    const run = await runRule(hardcodedSecret, snapshot, { allow: [] });
    const lines = Object.fromEntries(run.findings.filter((f) => f.objectKind === 'comment').map((f) => [f.object, f.location?.line]));
    expect(lines).toEqual({ 'sec_loc.vault': 5, 'sec_loc.vault.note': 6, 'sec_loc.vault_ids': 7 });
  });

  it('honours the allow list and the entropy threshold', async () => {
    const snapshot = await snapshotFromSql(
      client,
      'sec_opts',
      `create table services (id int primary key, api_key text default 'Zq8-mK2p-Lx7w-Rt4v', stripe text default '${STRIPE}');`,
    );
    expect((await runRule(hardcodedSecret, snapshot)).findings).toHaveLength(2);
    const allowed = await runRule(hardcodedSecret, snapshot, { allow: ['/^sk_live_4eC39/', 'Zq8-mK2p'] });
    expect(allowed.findings).toEqual([]);
    const strict = await runRule(hardcodedSecret, snapshot, { entropyThreshold: 4.5 });
    // The Stripe key is recognized by its shape; the keyword value is not random enough for 4.5 bits.
    expect(strict.findings.map((f) => f.column)).toEqual(['stripe']);
    expect(hardcodedSecret.validateOptions?.({ allow: ['/(unclosed/'] })).toEqual([expect.objectContaining({ path: 'allow.0' })]);
  });
});

describe('secret scanning helpers', () => {
  it('masks short and long secrets without revealing short ones', () => {
    expect(maskSecret(AWS)).toBe('AKIA************MPLE');
    expect(maskSecret('hunter2!x')).toBe('hu***');
    expect(maskSecret('abc')).toBe('***');
  });

  it('ignores variables, placeholders, hashes and prose', () => {
    const options = { entropyThreshold: 2.5, allow: [] };
    for (const text of [
      'password := p_password;',
      'if new.password is distinct from old.password then',
      "password = 'changeme'",
      "secret: '<your secret>'",
      "api_key = '${API_KEY}'",
      "password_hash = '$2b$12$KIXQJHl8Vx3bP0aZ6u7yJeG9c1F2dH3iJ4kL5mN6oP7qR8sT9uV0w'",
      "token_type = 'bearer'",
      "password_reset_at = '2024-01-01 10:00:00'",
      'comment: the password is required and must be 12 characters',
      'postgres://user:password@localhost/db',
      "client_secret = 'aaaaaaaaaaaaaaaa'",
    ]) {
      expect([text, scanText(text, options)]).toEqual([text, []]);
    }
  });
});
