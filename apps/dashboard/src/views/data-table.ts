import { Child, h, replaceChildren } from '../dom';
import { t } from '../i18n';
import type { CsvColumn } from '../model/csv';

/**
 * A table whose columns say both what a cell shows and what the CSV download writes, so the
 * download is what is on screen, in the same order. Click a heading to sort (again: reverse);
 * groups (片区) keep their subtotal row on top and sort within.
 */
export interface Column<R> extends CsvColumn<R> {
  id: string;
  /** What the cell shows; the text by default. */
  cell?(row: R): Child;
  sortValue?(row: R): number | string | undefined;
  numeric?: boolean;
  title?: string;
}

export interface RowGroup<R> {
  /** A subtotal row shown above the group's rows (not sorted with them). */
  header?: R;
  rows: R[];
}

export interface TableOptions<R> {
  caption: string;
  rowKey(row: R): string;
  rowClass?(row: R): string | undefined;
  rowData?(row: R): Record<string, string | undefined>;
}

export class DataTable<R> {
  readonly element: HTMLElement;
  private readonly table: HTMLTableElement;
  private groups: RowGroup<R>[] = [];
  private footer: R[] = [];
  private sort: { id: string; descending: boolean } | undefined;
  private highlighted = new Set<string>();

  constructor(
    private readonly columns: readonly Column<R>[],
    private readonly options: TableOptions<R>,
  ) {
    this.table = h('table', { class: 'data-table' });
    this.element = h('div', { class: 'table-scroll' }, this.table);
  }

  setRows(groups: RowGroup<R>[], footer: R[] = [], highlighted: Iterable<string> = []): void {
    this.groups = groups;
    this.footer = footer;
    this.highlighted = new Set(highlighted);
    this.render();
  }

  /** The rows in the order shown: group subtotals, their rows, then the footer. */
  shownRows(): R[] {
    return [
      ...this.sortedGroups().flatMap((g) => [...(g.header ? [g.header] : []), ...g.rows]),
      ...this.footer,
    ];
  }

  csvColumns(): readonly CsvColumn<R>[] {
    return this.columns;
  }

  private sortedGroups(): RowGroup<R>[] {
    const sort = this.sort;
    if (!sort) return this.groups;
    const column = this.columns.find((c) => c.id === sort.id);
    if (!column) return this.groups;
    const value = (row: R) => column.sortValue?.(row) ?? column.text(row);
    const compare = (a: R, b: R) => {
      const x = value(a);
      const y = value(b);
      const order =
        typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y), 'zh-CN');
      return sort.descending ? -order : order;
    };
    return this.groups.map((g) => ({ ...g, rows: [...g.rows].sort(compare) }));
  }

  private render(): void {
    const head = h(
      'thead',
      null,
      h(
        'tr',
        null,
        this.columns.map((c) => {
          const sorted = this.sort?.id === c.id;
          return h(
            'th',
            {
              scope: 'col',
              class: c.numeric ? 'num' : undefined,
              title: c.title ?? t('sortHint'),
              'aria-sort': sorted
                ? this.sort!.descending
                  ? 'descending'
                  : 'ascending'
                : undefined,
              data: { col: c.id },
            },
            h(
              'button',
              {
                type: 'button',
                class: 'sort',
                on: { click: () => this.sortBy(c.id) },
              },
              c.label,
              sorted ? (this.sort!.descending ? ' ▼' : ' ▲') : '',
            ),
          );
        }),
      ),
    );
    const row = (r: R, extraClass?: string) => {
      const key = this.options.rowKey(r);
      const classes = [
        this.options.rowClass?.(r),
        extraClass,
        this.highlighted.has(key) ? 'changed' : undefined,
      ].filter(Boolean);
      return h(
        'tr',
        { class: classes.join(' ') || undefined, data: { key, ...this.options.rowData?.(r) } },
        this.columns.map((c) =>
          h(
            'td',
            { class: c.numeric ? 'num' : undefined, data: { col: c.id } },
            c.cell ? c.cell(r) : c.text(r),
          ),
        ),
      );
    };
    const bodies = this.sortedGroups().map((g) =>
      h(
        'tbody',
        null,
        g.header ? row(g.header, 'subtotal') : null,
        g.rows.map((r) => row(r)),
      ),
    );
    const foot = this.footer.length
      ? h(
          'tfoot',
          null,
          this.footer.map((r) => row(r)),
        )
      : null;
    replaceChildren(this.table, h('caption', null, this.options.caption), head, bodies, foot);
  }

  private sortBy(id: string): void {
    const column = this.columns.find((c) => c.id === id);
    this.sort =
      this.sort?.id === id
        ? { id, descending: !this.sort.descending }
        : { id, descending: column?.numeric ?? false };
    this.render();
  }
}
