import { describe, expect, it } from 'vitest';
import { describeUrl, redactUrl, scrubPassword } from './url.js';

describe('redactUrl', () => {
  it('masks the password of a URL', () => {
    expect(redactUrl('postgres://app:s3cr%40t@db.example:6543/app')).toBe('postgres://app:***@db.example:6543/app');
  });
  it('masks a password query parameter', () => {
    expect(redactUrl('postgres://db/app?password=hunter2&sslmode=require')).toBe('postgres://db/app?password=***&sslmode=require');
  });
  it('leaves a URL without password as it is', () => {
    expect(redactUrl('postgres://app@db/app')).toBe('postgres://app@db/app');
  });
  it('masks key=value strings that are not URLs', () => {
    expect(redactUrl('host=db password=hunter2 user=app')).toBe('host=db password=*** user=app');
  });
});

describe('describeUrl', () => {
  it('reads host, port, database and user with defaults', () => {
    expect(describeUrl('postgres://app:x@db.example:6543/shop')).toEqual({ host: 'db.example', port: 6543, database: 'shop', user: 'app' });
    expect(describeUrl('postgres://db.example/shop')).toMatchObject({ port: 5432, user: 'postgres' });
  });
});

describe('scrubPassword', () => {
  it('removes the password wherever it appears in a message', () => {
    expect(scrubPassword('auth failed for s3cret', 'postgres://u:s3cret@h/d')).toBe('auth failed for ***');
  });
});
