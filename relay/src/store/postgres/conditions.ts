/** Numbered-parameter SQL fragments for PostgreSQL: `WHERE a = $1 AND b = $2 …`, plus lone placeholders (`next`). */
export class Conditions {
  readonly clauses: string[] = [];
  readonly params: unknown[] = [];
  add(sql: (placeholder: string) => string, value: unknown): this {
    this.params.push(value);
    this.clauses.push(sql(`$${this.params.length}`));
    return this;
  }
  where(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(' AND ')}` : '';
  }
  next(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}
