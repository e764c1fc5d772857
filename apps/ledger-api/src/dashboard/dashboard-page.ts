/**
 * The county dashboard (乡镇参保进度看板): one static page that reads the progress view and
 * follows its Server-Sent Events. No build step, no external assets (the machines it runs on
 * may have no internet).
 */
export function dashboardPage(planId: string): string {
  const id = JSON.stringify(planId);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>参保进度 Enrollment progress — ${planId.replace(/[<>&"]/g, '')}</title>
<style>
  body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 1.5rem; color: #1d2733; }
  h1 { font-size: 1.3rem; margin: 0 0 .25rem; }
  .sub { color: #5b6b7b; margin-bottom: 1rem; }
  table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
  th, td { padding: .35rem .6rem; border-bottom: 1px solid #e3e8ee; text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  tr.county td { font-weight: 600; background: #f4f7fa; }
  .bar { position: relative; height: .6rem; background: #e9eef3; border-radius: .3rem; min-width: 6rem; }
  .bar > span { position: absolute; left: 0; top: 0; bottom: 0; background: #2f7d5b; border-radius: .3rem; }
  .bar.behind > span { background: #c9822b; }
  .flash { animation: flash 1.2s ease-out; }
  @keyframes flash { from { background: #fff5cc; } to { background: transparent; } }
  #status { font-size: .85rem; color: #5b6b7b; }
</style>
</head>
<body>
<h1 id="title">参保进度</h1>
<div class="sub"><span id="rule"></span> · <span id="status">connecting…</span></div>
<table>
  <thead><tr><th>乡镇 Township</th><th>基数 Base</th><th>已参保 Active</th><th>待扣款 Pending</th><th>参保率 Rate</th><th>目标 Target</th><th>差额 Gap</th><th>进度 Progress</th><th>截止日 At deadline</th></tr></thead>
  <tbody id="rows"></tbody>
</table>
<script>
const planId = ${id};
const pct = (bp) => bp === undefined || bp === null ? '' : (bp / 100).toFixed(2) + '%';
const num = (n) => n === undefined || n === null ? '' : Number(n).toLocaleString('zh-CN');
function row(r, cls) {
  const level = Object.keys(r.targets)[0];
  const t = level ? r.targets[level] : undefined;
  const ratio = t && t.target ? Math.min(1, r.active / t.target) : 0;
  return '<tr class="' + cls + '" data-id="' + r.id + '"><td>' + (r.name.zh || r.id) + (r.name.en && r.name.en !== r.name.zh ? ' <small>' + r.name.en + '</small>' : '') +
    '</td><td>' + num(r.baseParticipants) + '</td><td>' + num(r.active) + '</td><td>' + num(r.pending) + '</td><td>' + pct(r.rateBp) +
    '</td><td>' + (t ? num(t.target) : '') + '</td><td>' + (t ? num(t.gap) : '') +
    '</td><td><div class="bar' + (t && !t.reached ? ' behind' : '') + '"><span style="width:' + (ratio * 100).toFixed(1) + '%"></span></div></td><td>' +
    (r.atDeadline ? num(r.atDeadline.active) : '') + '</td></tr>';
}
async function load(changed) {
  const res = await fetch('/plans/' + encodeURIComponent(planId) + '/progress');
  if (!res.ok) { document.getElementById('status').textContent = 'error ' + res.status; return; }
  const p = await res.json();
  document.getElementById('title').textContent = planId + ' 参保进度 Enrollment progress';
  document.getElementById('rule').textContent = p.targetRule ? (p.targetRule.description.zh + (p.targetRule.deadline ? '（截止 ' + p.targetRule.deadline + '）' : '')) : '';
  document.getElementById('rows').innerHTML = row(p.county, 'county') + p.districts.map((d) => row(d, 'county')).join('') + p.townships.map((t) => row(t, changed && changed.has(t.id) ? 'flash' : '')).join('');
  document.getElementById('status').textContent = 'updated ' + new Date().toLocaleTimeString('zh-CN');
}
load();
const events = new EventSource('/plans/' + encodeURIComponent(planId) + '/progress/stream');
events.addEventListener('progress', (e) => load(new Set(JSON.parse(e.data).map((d) => d.townshipId))));
events.onerror = () => { document.getElementById('status').textContent = 'reconnecting…'; };
</script>
</body>
</html>`;
}
