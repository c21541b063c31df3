// An append-only, bounded log that tests read back (Web API calls, deliveries to the bot).

export interface RecordLog<T> {
  add(record: T): T;
  list(filter?: (record: T) => boolean): T[];
  clear(): void;
}

export function createRecordLog<T>(limit = 5000): RecordLog<T> {
  let records: T[] = [];
  return {
    add(record) {
      records.push(record);
      // Long dev sessions must not grow without bound; the oldest entries matter least.
      if (records.length > limit) records = records.slice(records.length - limit);
      return record;
    },
    list: (filter) => (filter === undefined ? [...records] : records.filter(filter)),
    clear() {
      records = [];
    },
  };
}
