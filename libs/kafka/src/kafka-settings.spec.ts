import { checkTopicPrefix, parseBrokerList } from './kafka-settings';

describe('Kafka settings', () => {
  it('reads a broker list of host:port entries', () => {
    expect(parseBrokerList(' 127.0.0.1:19092, kafka-2.internal:9092 ,')).toEqual([
      '127.0.0.1:19092',
      'kafka-2.internal:9092',
    ]);
  });

  it('refuses entries without a port, with a bad port, or nothing at all', () => {
    expect(() => parseBrokerList('localhost')).toThrow(/host:port/);
    expect(() => parseBrokerList('localhost:70000')).toThrow(/host:port/);
    expect(() => parseBrokerList(' , ')).toThrow(/at least one/);
  });

  it('topic prefixes use only the characters Kafka allows in topic names', () => {
    expect(checkTopicPrefix('huiminbao.ledger.')).toBe('huiminbao.ledger.');
    expect(() => checkTopicPrefix('ledger events/')).toThrow(RangeError);
  });
});
