import {DuckDBInstance} from "@duckdb/node-api";
const db = await DuckDBInstance.create(":memory:");
const c = await db.connect();
const tries = process.argv.slice(2);
for (const p of tries) {
  try {
    const r = await c.runAndReadAll(`select string_agg(a::varchar, ',') as v from read_csv('${p.replaceAll("'", "''")}')`);
    console.log(p, '=>', r.getRows()[0][0]);
  } catch (e) { console.log(p, 'ERR', e.message.split('\n')[0]); }
}
console.log((await c.runAndReadAll("select version()")).getRows());
