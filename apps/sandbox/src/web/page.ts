/** The chat page's HTML and CSS (static; texts are filled in by the script from texts.ts). */

export const PAGE_HTML = `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kie sandbox</title>
<link rel="stylesheet" href="/chat/app.css">
</head>
<body data-connection="connecting">
<div class="app">
  <header class="bar">
    <div class="peer">
      <div class="avatar" aria-hidden="true">K</div>
      <div>
        <div class="peer-name" id="bot-name" data-t="bot">Bot</div>
        <div class="status" id="status"></div>
      </div>
    </div>
    <div class="controls">
      <label class="user-pick"><span data-t="user">User</span>
        <select id="user-select"></select>
      </label>
      <button type="button" id="new-user-toggle" class="ghost" data-t="newUser">New user</button>
      <button type="button" id="admin-toggle" class="ghost" hidden></button>
      <button type="button" id="kie-toggle" class="ghost" aria-expanded="false" data-t="kiePanel">Kie</button>
      <div class="lang-switch" role="group" id="lang-switch" data-t-title="interfaceLanguage">
        <button type="button" data-lang="ru">RU</button><button type="button" data-lang="en">EN</button>
      </div>
    </div>
  </header>
  <form id="new-user-form" class="new-user" hidden>
    <input id="new-user-name" required maxlength="64" autocomplete="off" data-t-placeholder="firstName">
    <label><span data-t="userLanguage">Language</span>
      <select id="new-user-lang"><option value="ru">RU</option><option value="en">EN</option></select>
    </label>
    <button type="submit" id="new-user-create" data-t="create">Create</button>
    <button type="button" id="new-user-cancel" class="ghost" data-t="cancel">Cancel</button>
  </form>
  <section id="kie-panel" class="kie-panel" hidden>
    <label class="switch"><input type="checkbox" id="kie-slow"><span data-t="kieSlow">Slow generations</span></label>
    <label class="switch"><input type="checkbox" id="kie-no-credits"><span data-t="kieNoCredits">Out of credits</span></label>
    <span class="kie-group">
      <select id="kie-fail-reason" data-t-title="kieFailReason">
        <option value="policy" data-t="kieFailPolicy">content policy</option>
        <option value="input" data-t="kieFailInput">input rejected</option>
        <option value="busy" data-t="kieFailBusy">service busy</option>
      </select>
      <button type="button" id="kie-fail" data-t="kieFailNext">Fail the next generation</button>
    </span>
    <span class="kie-group">
      <button type="button" id="kie-hang" data-t="kieHang">Next create hangs</button>
      <button type="button" id="kie-release" class="ghost" data-t="kieRelease">Release</button>
    </span>
    <button type="button" id="kie-reset" class="ghost" data-t="kieReset">Reset Kie</button>
    <div id="kie-state" class="kie-state"></div>
  </section>
  <main id="messages" class="messages">
    <div class="empty" id="empty" data-t="empty"></div>
  </main>
  <div id="reply-keyboard" class="reply-keyboard" hidden></div>
  <form id="composer" class="composer" autocomplete="off">
    <label class="attach" data-t-title="attach">
      <input type="file" id="file-input">
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><path fill="none" stroke="#5b7083" stroke-width="2" stroke-linecap="round" d="M21 11.5l-8.6 8.6a5 5 0 0 1-7.1-7.1l8.9-8.9a3.3 3.3 0 0 1 4.7 4.7l-8.9 8.9a1.7 1.7 0 0 1-2.4-2.4l8.2-8.2"/></svg>
    </label>
    <select id="file-kind" data-t-title="fileKind">
      <option value="auto" data-t="kindAuto">auto</option>
      <option value="photo" data-t="kindPhoto">photo</option>
      <option value="document" data-t="kindDocument">document</option>
      <option value="audio" data-t="kindAudio">audio</option>
      <option value="voice" data-t="kindVoice">voice</option>
      <option value="video" data-t="kindVideo">video</option>
    </select>
    <div class="text-box">
      <ul id="commands" class="commands" role="listbox" hidden></ul>
      <textarea id="text" rows="1" maxlength="4096" data-t-placeholder="messagePlaceholder" data-t-title="composerHint"></textarea>
    </div>
    <button type="submit" id="send" data-t="send">Send</button>
    <button type="button" id="menu-webapp" class="menu-webapp" hidden></button>
  </form>
</div>
<section id="webapp-panel" class="webapp-panel" hidden>
  <header class="webapp-bar">
    <button type="button" id="webapp-back" class="ghost" hidden data-t="webAppBack">Back</button>
    <span id="webapp-title" class="webapp-title"></span>
    <div class="lang-switch" role="group" id="webapp-theme" data-t-title="webAppTheme">
      <button type="button" data-theme="light" data-t="webAppThemeLight">Light</button><button type="button" data-theme="dark" data-t="webAppThemeDark">Dark</button>
    </div>
    <button type="button" id="webapp-close" class="ghost" data-t="webAppClose">Close</button>
  </header>
  <iframe id="webapp-frame" class="webapp-frame" title="Mini App"></iframe>
</section>
<div id="toasts" class="toasts" aria-live="polite"></div>
<script type="module" src="/chat/app.js"></script>
</body>
</html>
`

export const PAGE_CSS = `
* { box-sizing: border-box; }
html, body { height: 100%; margin: 0; }
body { font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; background: #c9d6df; }
button, input, select, textarea { font: inherit; }
.app { display: flex; flex-direction: column; height: 100%; max-width: 820px; margin: 0 auto; background: #dfe8ee; box-shadow: 0 0 12px rgba(0,0,0,.12); }
.bar { display: flex; align-items: center; justify-content: space-between; gap: 12px; padding: 8px 14px; background: #fff; border-bottom: 1px solid #d5dde3; flex-wrap: wrap; }
.peer { display: flex; align-items: center; gap: 10px; }
.avatar { width: 40px; height: 40px; border-radius: 50%; background: linear-gradient(135deg, #5aa9e6, #3a7bd5); color: #fff; display: grid; place-items: center; font-weight: 600; }
.peer-name { font-weight: 600; }
.status { font-size: 13px; color: #7a8793; min-height: 18px; }
body[data-connection="online"] .status { color: #3a7bd5; }
.controls { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.user-pick { display: flex; align-items: center; gap: 6px; font-size: 13px; color: #556; }
select, input { border: 1px solid #c8d2da; border-radius: 8px; padding: 6px 8px; background: #fff; }
button { border: 0; border-radius: 8px; padding: 7px 12px; background: #3a7bd5; color: #fff; cursor: pointer; }
button:disabled { opacity: .55; cursor: default; }
button.ghost { background: #eef3f7; color: #2f6fb8; }
.lang-switch { display: inline-flex; border-radius: 8px; overflow: hidden; border: 1px solid #c8d2da; }
.lang-switch button { border-radius: 0; background: #fff; color: #2f6fb8; padding: 6px 10px; }
.lang-switch button[aria-pressed="true"] { background: #3a7bd5; color: #fff; }
.new-user { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; padding: 8px 14px; background: #f5f8fa; border-bottom: 1px solid #d5dde3; font-size: 13px; }
.new-user[hidden] { display: none; }
.messages { flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 6px; }
.empty { margin: auto; color: #667; background: rgba(255,255,255,.6); padding: 8px 14px; border-radius: 12px; }
.msg { display: flex; flex-direction: column; max-width: 78%; }
.msg.out { align-self: flex-start; }
.msg.in { align-self: flex-end; align-items: flex-end; }
.bubble { padding: 6px 10px 4px; border-radius: 14px; background: #fff; box-shadow: 0 1px 1px rgba(0,0,0,.08); overflow-wrap: anywhere; }
.msg.out .bubble { border-bottom-left-radius: 4px; }
.msg.in .bubble { background: #e3f7d2; border-bottom-right-radius: 4px; }
.text { white-space: pre-wrap; }
.text pre { background: #f1f4f7; padding: 6px 8px; border-radius: 6px; overflow-x: auto; margin: 4px 0; }
.text code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; background: #f1f4f7; border-radius: 4px; padding: 0 3px; }
.text pre code { background: none; padding: 0; }
.text a { color: #2f6fb8; }
.media { display: block; max-width: 100%; border-radius: 10px; margin: 2px 0 4px; }
img.media { max-height: 360px; cursor: zoom-in; }
video.media { max-height: 360px; background: #000; }
audio.media { width: 280px; }
.file { display: flex; align-items: center; gap: 8px; color: #2f6fb8; text-decoration: none; padding: 4px 0; }
.file-icon { width: 36px; height: 36px; border-radius: 50%; background: #3a7bd5; color: #fff; display: grid; place-items: center; }
.meta { font-size: 11px; color: #8a97a3; text-align: right; margin-top: 2px; }
.meta .edited { margin-right: 4px; font-style: italic; }
.keyboard { display: flex; flex-direction: column; gap: 4px; margin-top: 4px; width: 100%; min-width: 220px; }
.keyboard .row { display: flex; gap: 4px; }
.keyboard button { flex: 1; background: rgba(40,70,100,.35); color: #fff; border-radius: 8px; padding: 7px 8px; }
.keyboard button:hover:not(:disabled) { background: rgba(40,70,100,.5); }
.keyboard button.pending { opacity: .6; }
.keyboard button.web-app::after { content: " ↗"; }
.menu-webapp { background: #2f6fb8; }
.webapp-panel { position: fixed; right: 0; top: 0; bottom: 0; width: min(440px, 100%); display: flex; flex-direction: column; background: #fff; box-shadow: -4px 0 16px rgba(0,0,0,.2); z-index: 20; }
.webapp-panel[hidden] { display: none; }
.webapp-panel[data-theme="dark"] { background: #212121; }
.webapp-bar { display: flex; align-items: center; gap: 8px; padding: 8px 10px; border-bottom: 1px solid #d5dde3; }
.webapp-title { flex: 1; font-weight: 600; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.webapp-panel[data-theme="dark"] .webapp-title { color: #fff; }
.webapp-frame { flex: 1; border: 0; width: 100%; }
.invoice { min-width: 240px; }
.invoice-title { font-weight: 600; }
.invoice-description { color: #445; margin: 2px 0 6px; white-space: pre-wrap; }
.invoice-price { font-size: 20px; font-weight: 600; margin-bottom: 6px; color: #c98a00; }
.invoice-pay { width: 100%; }
.invoice-status { font-size: 13px; margin-top: 4px; color: #556; }
.invoice-status.ok { color: #2e7d32; }
.invoice-status.fail { color: #c62828; }
.service { align-self: center; max-width: 90%; background: rgba(40,70,100,.35); color: #fff; border-radius: 12px; padding: 3px 12px; font-size: 13px; }
.unsupported { color: #889; font-style: italic; }
.reply-keyboard { display: flex; flex-direction: column; gap: 4px; padding: 6px 10px; background: #f5f8fa; border-top: 1px solid #d5dde3; }
.reply-keyboard[hidden] { display: none; }
.reply-keyboard .row { display: flex; gap: 4px; }
.reply-keyboard button { flex: 1; background: #fff; color: #2f6fb8; border: 1px solid #c8d2da; }
.composer { display: flex; gap: 8px; align-items: flex-end; padding: 8px 10px; background: #fff; border-top: 1px solid #d5dde3; }
.text-box { flex: 1; min-width: 0; position: relative; display: flex; }
.composer #text { flex: 1; min-width: 0; padding: 9px 12px; border-radius: 18px; border: 1px solid #c8d2da; resize: none; max-height: 180px; line-height: 1.35; overflow-y: auto; }
.commands { position: absolute; bottom: calc(100% + 6px); left: 0; right: 0; margin: 0; padding: 4px 0; list-style: none; background: #fff; border: 1px solid #c8d2da; border-radius: 10px; box-shadow: 0 2px 8px rgba(0,0,0,.12); max-height: 220px; overflow-y: auto; z-index: 5; }
.commands[hidden] { display: none; }
.commands li { padding: 6px 12px; cursor: pointer; display: flex; gap: 8px; }
.commands li[aria-selected="true"], .commands li:hover { background: #eef3f7; }
.commands .command-name { color: #2f6fb8; font-weight: 600; }
.commands .command-description { color: #667; }
.text a.bot-command { color: #2f6fb8; text-decoration: none; }
.text a.bot-command:hover { text-decoration: underline; }
.kie-panel { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; padding: 8px 14px; background: #fff8e6; border-bottom: 1px solid #ecdcae; font-size: 13px; }
.kie-panel[hidden] { display: none; }
.kie-panel .switch { display: inline-flex; gap: 4px; align-items: center; }
.kie-panel .kie-group { display: inline-flex; gap: 4px; align-items: center; }
.kie-panel button { padding: 5px 10px; }
.kie-state { flex-basis: 100%; color: #6d5a1e; }
.invoice-pay.paid, .keyboard button.pay.paid { background: rgba(46,125,50,.55); }
.composer #file-kind { max-width: 110px; }
.attach { position: relative; width: 36px; height: 36px; display: grid; place-items: center; border-radius: 50%; background: #eef3f7; cursor: pointer; font-size: 18px; }
.attach input { position: absolute; inset: 0; opacity: 0; cursor: pointer; width: 100%; }
.toasts { position: fixed; top: 70px; left: 50%; transform: translateX(-50%); display: flex; flex-direction: column; gap: 6px; z-index: 10; pointer-events: none; }
.toast { background: rgba(30,40,50,.88); color: #fff; padding: 8px 14px; border-radius: 10px; max-width: 420px; box-shadow: 0 2px 8px rgba(0,0,0,.2); }
.toast.alert { background: #fff; color: #222; border: 2px solid #3a7bd5; pointer-events: auto; }
.toast.error { background: #c62828; }
`
