// A tiny warehouse written directly with SQL, so that the data-loader tests can assert exact figures. It has
// what the pages must survive: several sources, a failed file, a corrected file, duplicate-key rejects, and a
// value that looks like HTML. (The browser tests use a warehouse made by the real sample and loader.)
import {openWarehouse} from "../../pipelines/warehouse/open.js";

export const hostileValue = `<img src=x onerror="document.title='pwned'">`;

export async function createFixtureWarehouse(path: string): Promise<void> {
  const warehouse = await openWarehouse(path);
  try {
    await warehouse.conn.run(`
      insert into load_log (load_id, file, file_name, sheet, sha256, source, rows_read, rows_loaded, rows_rejected,
                            rows_replaced, status, message, started_at, finished_at) values
        (1, '/in/定点医疗机构.xlsx', '定点医疗机构.xlsx', '机构', 'a1', 'hospitals', 6, 5, 1, 0, 'loaded', null,
            timestamp '2025-03-01 09:00:00', timestamp '2025-03-01 09:00:02'),
        (2, '/in/第七批中选结果.xlsx', '第七批中选结果.xlsx', '第七批', 'b2', 'batch-results', 4, 4, 0, 0, 'loaded', null,
            timestamp '2025-03-01 09:01:00', timestamp '2025-03-01 09:01:01'),
        (3, '/in/采购明细-2024.csv', '采购明细-2024.csv', null, 'c3', 'orders', 7, 4, 3, 0, 'loaded', null,
            timestamp '2025-03-01 09:02:00', timestamp '2025-03-01 09:02:05'),
        (4, '/in/采购明细-2024-更正.csv', '采购明细-2024-更正.csv', null, 'c4', 'orders', 2, 2, 0, 2, 'loaded', null,
            timestamp '2025-03-02 10:00:00', timestamp '2025-03-02 10:00:01'),
        (5, '/in/说明.xlsx', '说明.xlsx', 'Sheet1', 'd5', null, 0, 0, 0, 0, 'failed',
            '说明.xlsx [Sheet1]：无法识别数据来源', timestamp '2025-03-02 10:05:00', timestamp '2025-03-02 10:05:00')`);
    await warehouse.conn.run(`
      insert into rejects (load_id, file, sheet, source_row, column_name, value, reason) values
        (1, '/in/定点医疗机构.xlsx', '机构', 7, 'mi_pay_ratio', '1.7', '取值超出范围'),
        (3, '/in/采购明细-2024.csv', null, 3, 'unit_price', 'abc', '无法识别为数字'),
        (3, '/in/采购明细-2024.csv', null, 5, 'order_date', '2024年13月1日', '无法识别为日期'),
        (3, '/in/采购明细-2024.csv', null, 5, 'unit_price', '${hostileValue.replaceAll("'", "''")}', '无法识别为数字'),
        (3, '/in/采购明细-2024.csv', null, 8, 'order_id', 'PO-1', '与第 2 行的主键（order_id、line_no）重复')`);
    await warehouse.conn.run(`
      insert into raw_hospitals (load_id, source_file, sheet, source_row, hospital_code, name, level, ownership, region,
                                 mi_pay_ratio, kind)
      select 1, '/in/定点医疗机构.xlsx', '机构', i + 1, 'H' || lpad(i::varchar, 4, '0'), '第' || i || '人民医院', '三级',
             '公立', '城区', 0.7, '医院'
      from range(1, 6) t(i)`);
    await warehouse.conn.run(`
      insert into raw_orders (load_id, source_file, sheet, source_row, order_id, line_no, hospital_code, qty, unit_price,
                              amount, order_date)
      select 3 + (i > 2)::int, '/in/采购明细-2024.csv', null, i + 1, 'PO-' || i, 1, 'H0001', 10, 2.5, 25,
             date '2024-01-01' + i::int
      from range(1, 5) t(i)`);
  } finally {
    warehouse.close();
  }
}
