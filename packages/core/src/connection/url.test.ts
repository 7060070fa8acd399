import { describe, expect, it } from 'vitest';
import { describeUrl, isParsableUrl, redactUrl, scrubPassword } from './url.js';

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

describe('redactUrl on URLs the WHATWG parser rejects', () => {
  it('keeps the Unix-socket form readable', () => {
    expect(redactUrl('postgresql://app:s3cret@/app?host=/run/pg')).toBe('postgresql://app:***@/app?host=/run/pg');
  });
  it('masks a password holding an unencoded / or # up to the last @', () => {
    expect(redactUrl('postgres://app:pa/ss@db/app')).toBe('postgres://app:***@db/app');
    expect(redactUrl('postgres://app:p#a@ss@db:99999/app')).toBe('postgres://app:***@db:99999/app');
  });
});

describe('isParsableUrl', () => {
  it('accepts what node-postgres accepts and rejects the rest', () => {
    expect(isParsableUrl('postgres://app:pw@db:5432/app')).toBe(true);
    expect(isParsableUrl('postgres://app:pw@/app?host=/run/pg')).toBe(true);
    expect(isParsableUrl('postgres:///app?host=/run/pg')).toBe(true);
    expect(isParsableUrl('postgres://app:pa/ss@db/app')).toBe(false);
    expect(isParsableUrl('postgres://app:pw@db:99999/app')).toBe(false);
  });
});

describe('describeUrl', () => {
  it('reads host, port, database and user with defaults', () => {
    expect(describeUrl('postgres://app:x@db.example:6543/shop')).toEqual({ host: 'db.example', port: 6543, database: 'shop', user: 'app' });
    expect(describeUrl('postgres://db.example/shop')).toMatchObject({ port: 5432, user: 'postgres' });
    expect(describeUrl('postgres://[::1]:6000/shop')).toMatchObject({ host: '::1', port: 6000 });
  });
  it('reads the query parameters that stand for missing parts', () => {
    expect(describeUrl('postgresql://app:pw@/shop?host=/run/pg&port=6000')).toEqual({ host: '/run/pg', port: 6000, database: 'shop', user: 'app' });
    expect(describeUrl('postgres://db?user=bob&dbname=shop')).toEqual({ host: 'db', port: 5432, database: 'shop', user: 'bob' });
  });
  it('still names the host and port of a URL it cannot parse', () => {
    expect(describeUrl('postgres://app:pw@db.example:99999/shop')).toEqual({ host: 'db.example', port: 99999, database: 'shop', user: 'app' });
    expect(describeUrl('postgres://app:pa/ss@db.example/shop')).toEqual({ host: 'db.example', port: 5432, database: 'shop', user: 'app' });
  });
});

describe('scrubPassword', () => {
  it('removes the password wherever it appears in a message', () => {
    expect(scrubPassword('auth failed for s3cret', 'postgres://u:s3cret@h/d')).toBe('auth failed for ***');
  });
  it('removes the encoded and decoded forms, and a password parameter', () => {
    expect(scrubPassword('got s3c%40ret and s3c@ret', 'postgres://u:s3c%40ret@h/d')).toBe('got *** and ***');
    expect(scrubPassword('bad hunter2', 'postgres://u@h/d?password=hunter2')).toBe('bad ***');
    expect(scrubPassword('bad pa/ss', 'postgres://u:pa/ss@h/d')).toBe('bad ***');
  });
});
