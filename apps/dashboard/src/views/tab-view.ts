import { toCsv } from '../model/csv';
import { DataTable } from './data-table';

/** One tab of a plan page: its element, a refresh (live updates call it), its CSV. */
export interface TabView {
  element: HTMLElement;
  /** Reloads the figures; `changed` names the townships a live update reported. */
  refresh(changed?: ReadonlySet<string>): Promise<void>;
  /** What the CSV button downloads: the table on screen, as shown. */
  csv(): { name: string; content: string } | undefined;
  dispose(): void;
}

export function tableCsv<R>(table: DataTable<R>, name: string): { name: string; content: string } {
  return { name, content: toCsv(table.csvColumns(), table.shownRows()) };
}

/** A file name from a title: what a file system cannot hold becomes "_". */
export function fileName(...parts: (string | undefined)[]): string {
  return (
    parts
      .filter((p): p is string => !!p)
      .join('-')
      .replace(/[\\/:*?"<>|\s]+/g, '_') + '.csv'
  );
}
