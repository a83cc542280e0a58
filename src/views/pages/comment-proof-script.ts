/**
 * The comment form's solver, served from our origin (CSP `script-src 'self'`) and loaded deferred
 * at the end of the form, so nothing above the signing button waits for it. When the person starts
 * the form (focus lands in it) it fetches a challenge from our origin and solves it with SHA-256
 * through crypto.subtle, whose hashing runs off the main thread, a batch of digests at a time; the
 * answer goes into the hidden `altcha` field. Pressing the button before it is done waits for the
 * answer a few seconds at most, then sends the form anyway: the server holds a form without one
 * for a moderator, and so it does when JavaScript is off or crypto.subtle is missing.
 */
export const commentProofScript = `(function(){
"use strict";
var subtle=window.crypto&&window.crypto.subtle;
if(!subtle||!window.fetch||!window.Promise)return;
// The server takes a solution for an hour; one fetched longer ago than this is solved again.
var freshForMs=10*60*1000;
// How long a press of the button waits for the answer before the form goes without one.
var patienceMs=5000;
var batch=256;
var maxAttempts=10000000;
function fromHex(hex){
var bytes=new Uint8Array(hex.length/2);
for(var i=0;i<bytes.length;i++)bytes[i]=parseInt(hex.substr(i*2,2),16);
return bytes;
}
function toHex(bytes){
var hex="";
for(var i=0;i<bytes.length;i++)hex+=(bytes[i]<16?"0":"")+bytes[i].toString(16);
return hex;
}
function derive(p,input){
var rounds=Math.max(1,p.cost),round=0;
function next(key){
if(round++>=rounds)return key.slice(0,p.keyLength);
return subtle.digest(p.algorithm,key).then(function(digest){return next(new Uint8Array(digest))});
}
return Promise.resolve(input).then(next);
}
function startsWith(key,prefix){
for(var i=0;i<prefix.length;i++)if(key[i]!==prefix[i])return false;
return true;
}
function solve(challenge){
var p=challenge.parameters,salt=fromHex(p.salt),nonce=fromHex(p.nonce),prefix=fromHex(p.keyPrefix);
function attempt(counter){
var input=new Uint8Array(salt.length+nonce.length+4);
input.set(salt);
input.set(nonce,salt.length);
new DataView(input.buffer).setUint32(salt.length+nonce.length,counter);
return derive(p,input);
}
function from(start){
if(start>=maxAttempts)throw new Error("unsolved");
var tries=[];
for(var n=start;n<start+batch;n++)tries.push(attempt(n));
return Promise.all(tries).then(function(keys){
for(var i=0;i<keys.length;i++)
if(startsWith(keys[i],prefix))
return btoa(JSON.stringify({challenge:challenge,solution:{counter:start+i,derivedKey:toHex(keys[i])}}));
return from(start+batch);
});
}
return from(0);
}
function watch(field){
var form=field.form,solving=null,fetchedAt=0,sending=false;
if(!form)return;
function start(){
if(solving&&Date.now()-fetchedAt<freshForMs)return solving;
fetchedAt=Date.now();
field.value="";
solving=fetch(field.getAttribute("data-challenge"),{cache:"no-store",credentials:"omit"})
.then(function(response){if(!response.ok)throw new Error(String(response.status));return response.json()})
.then(solve)
.then(function(answer){field.value=answer},function(){solving=null});
return solving;
}
form.addEventListener("focusin",start);
form.addEventListener("submit",function(event){
if(field.value&&Date.now()-fetchedAt<freshForMs)return;
event.preventDefault();
if(sending)return;
sending=true;
function send(){if(sending){sending=false;form.submit()}}
start().then(send);
setTimeout(send,patienceMs);
});
// Back to this page from the browser's cache: the answer in the field was spent by that post.
window.addEventListener("pageshow",function(event){
if(event.persisted){field.value="";solving=null}
});
}
var fields=document.querySelectorAll("input[name=altcha][data-challenge]");
for(var i=0;i<fields.length;i++)watch(fields[i]);
})();
`;
