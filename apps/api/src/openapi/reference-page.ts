/**
 * The interactive API reference: one self-contained HTML page (no CDN) that reads /openapi.json,
 * lists every operation with its schemas, and can send a request with an API key.
 * @example app.get('/reference', (c) => c.html(referencePage()))
 */
export function referencePage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>capture-doctor API reference</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f5f6f8}
header{background:#1d2330;color:#fff;padding:16px 28px;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
header h1{font-size:18px;margin:0} header input{padding:6px 8px;border-radius:6px;border:0;width:320px}
main{display:grid;grid-template-columns:260px 1fr;gap:0;min-height:calc(100vh - 60px)}
nav{background:#fff;border-right:1px solid #dde1e7;padding:12px;overflow:auto;max-height:calc(100vh - 60px);position:sticky;top:0}
nav a{display:block;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;padding:3px 6px;color:#1d2330;text-decoration:none;font-size:13px;border-radius:4px} nav a:hover{background:#eef1f5}
nav h3{font-size:12px;text-transform:uppercase;color:#687385;margin:14px 6px 4px}
section.op{background:#fff;margin:16px 24px;border:1px solid #dde1e7;border-radius:8px;padding:14px 18px}
.m{display:inline-block;min-width:58px;text-align:center;font-weight:700;font-size:12px;border-radius:4px;padding:2px 6px;color:#fff;margin-right:8px}
.get{background:#2f6fd6}.post{background:#1f8a4c}.patch{background:#c98a00}.put{background:#8a5cc9}.delete{background:#c62f2f}
code,pre,textarea{font:13px/1.4 ui-monospace,Menlo,Consolas,monospace}
pre{background:#f5f6f8;padding:10px;border-radius:6px;overflow:auto;max-height:320px}
textarea{width:100%;min-height:120px;box-sizing:border-box} details summary{cursor:pointer;color:#2f6fd6}
button{background:#2f6fd6;color:#fff;border:0;border-radius:6px;padding:6px 14px;cursor:pointer}
.params input{margin:2px 8px 2px 0;padding:4px}
</style></head>
<body><header><h1>capture-doctor API</h1><label>API key <input id="key" type="password" autocomplete="off" placeholder="paste an API key to try requests"></label><a style="color:#9cc2ff" href="/openapi.json">openapi.json</a></header>
<main><nav id="nav"></nav><div id="ops"><p style="margin:24px">Loading the OpenAPI document…</p></div></main>
<script>
const esc=(s)=>String(s).replace(/[&<>"']/g,(c)=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
fetch('/openapi.json').then((r)=>r.json()).then((doc)=>{
  const nav=document.getElementById('nav'),ops=document.getElementById('ops');ops.innerHTML='';
  const byTag={};
  for(const [path,item] of Object.entries(doc.paths))for(const [method,op] of Object.entries(item))(byTag[op.tags[0]]??=[]).push({path,method,op});
  for(const [tag,list] of Object.entries(byTag)){
    nav.insertAdjacentHTML('beforeend','<h3>'+esc(tag)+'</h3>');
    for(const {path,method,op} of list){
      const id=op.operationId;
      nav.insertAdjacentHTML('beforeend','<a href="#'+id+'"><span class="m '+method+'">'+method.toUpperCase()+'</span>'+esc(path)+'</a>');
      const params=(op.parameters||[]).map((p)=>'<label>'+esc(p.name)+' <input data-in="'+p.in+'" name="'+esc(p.name)+'" placeholder="'+p.in+'"></label>').join('');
      const body=op.requestBody?op.requestBody.content['application/json'].schema:null;
      const resp=Object.entries(op.responses).map(([s,r])=>'<li><b>'+s+'</b> '+esc(r.description)+'</li>').join('');
      ops.insertAdjacentHTML('beforeend','<section class="op" id="'+id+'"><h2><span class="m '+method+'">'+method.toUpperCase()+'</span><code>'+esc(path)+'</code></h2><p>'+esc(op.summary)+'. '+esc(op.description||'')+'</p>'
        +(body?'<details><summary>Request body schema</summary><pre>'+esc(JSON.stringify(body,null,2))+'</pre></details>':'')
        +'<ul>'+resp+'</ul><form class="try"><div class="params">'+params+'</div>'+(body?'<textarea name="body" placeholder="JSON body"></textarea>':'')+'<button>Send</button><pre class="out" hidden></pre></form></section>');
      const form=document.getElementById(id).querySelector('form');
      form.addEventListener('submit',async(e)=>{e.preventDefault();
        let url=path;const q=new URLSearchParams();
        for(const i of form.querySelectorAll('input')){if(!i.value)continue;if(i.dataset.in==='path')url=url.replace('{'+i.name+'}',encodeURIComponent(i.value));else q.set(i.name,i.value);}
        const headers={};const key=document.getElementById('key').value;if(key)headers.authorization='Bearer '+key;
        const ta=form.querySelector('textarea');if(ta)headers['content-type']='application/json';
        const res=await fetch(url+(q.size?'?'+q:''),{method:method.toUpperCase(),headers,body:ta?ta.value:undefined});
        const out=form.querySelector('.out');out.hidden=false;const text=await res.text();
        let shown=text;try{shown=JSON.stringify(JSON.parse(text),null,2)}catch{}
        out.textContent=res.status+' '+res.statusText+'\\n'+shown;});
    }
  }
});
</script></body></html>`;
}
