import { describe, expect, it } from 'vitest';
import { readHostResolvConf, upstreamsFromResolvConf } from './resolv-conf.js';

describe('readHostResolvConf', () => {
  it('reads nameservers, the last search line and options as the kubelet does', () => {
    const conf = readHostResolvConf(
      [
        '# generated',
        'nameserver 192.0.2.53',
        '  nameserver   fd00::53  ',
        'nameserver',
        'search old.example',
        'search corp.example. . example',
        'options ndots:2 timeout:1',
        'options ndots:3 rotate',
        '; a comment',
        'nameserver not-an-ip',
      ].join('\n'),
    );
    expect(conf).toEqual({
      nameservers: ['192.0.2.53', 'fd00::53', 'not-an-ip'],
      searches: ['corp.example', 'example'],
      options: ['ndots:3', 'timeout:1', 'rotate'],
    });
    expect(upstreamsFromResolvConf(conf)).toEqual(['192.0.2.53:53', '[fd00::53]:53']);
  });

  it('reads an empty file as nothing', () => {
    expect(readHostResolvConf('')).toEqual({ nameservers: [], searches: [], options: [] });
  });
});
