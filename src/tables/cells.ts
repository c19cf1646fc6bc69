/** A table as plain data: header and rows of cells; and the helpers the table builders share. */
export interface Cell {
  text: string;
  code?: boolean;
  strong?: boolean;
}
export interface Table {
  label: string;
  header: string[];
  rows: Cell[][];
  /** Paragraphs shown after the table. */
  notes?: string[];
  list?: string[];
}

export const t = (text: string | number): Cell => ({ text: String(text) });
export const c = (text: string): Cell => ({ text, code: true });
export const n = (x: number) => x.toLocaleString('en-US');
export const NODE_GROUP_NAMES: Record<string, string> = { control: 'coder-control', provisioner: 'coder-prov', workspace: 'coder-ws' };
export const WORKLOAD: Record<string, string> = { control: 'coderd replica', provisioner: 'provisioner', workspace: 'workspace' };
