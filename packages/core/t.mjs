import { PGlite } from '@electric-sql/pglite';
let t=Date.now(); const db = await PGlite.create(); console.log('create', Date.now()-t);
t=Date.now(); const c = await db.clone(); console.log('clone', Date.now()-t);
t=Date.now(); const d = await db.dumpDataDir('none'); console.log('dump', Date.now()-t, d.size);
t=Date.now(); const e = await PGlite.create({loadDataDir: d}); console.log('load', Date.now()-t);
console.log((await db.query("select version()")).rows);
try { await db.query("select 1/0 as x, 2"); } catch (e) { console.log(Object.keys(e), e.position, e.code) }
try { await db.exec("select 1;\n select nope from x;"); } catch (e) { console.log(e.message, e.position, e.code) }
