import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  MessageChannelMain,
  safeStorage,
  session,
  utilityProcess,
  type MenuItemConstructorOptions,
} from 'electron';
import { logFile } from './log-file';
import { tokenVault } from './token-vault';

/**
 * Electron main: windows, menu and the relay between each window and the core (a utilityProcess).
 * It never opens the database. Bundled to dist/electron/main.cjs next to preload.cjs and core.cjs.
 */

const PRODUCT = '留存助手 Retention Desk';
const bundleDir = __dirname;
const rendererIndex = path.join(bundleDir, '..', 'renderer', 'index.html');
const withoutHash = (url: string) => url.split('#')[0];

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Control messages to/from electron/core/utility-entry.ts (mirrored there: main may not import the core).
 * The core asks for the HQ device token at start ('token?') and reports changes; main keeps it with
 * safeStorage (token-vault.ts).
 */
type FromCore =
  | { type: 'ready' }
  | { type: 'fatal'; message: string }
  | { type: 'token?' }
  | { type: 'token:write'; token: string }
  | { type: 'token:clear' };

let core: ReturnType<typeof utilityProcess.fork> | null = null;
let coreExited = false;
let lastCoreError = '';
let quitting = false;
let mainWindow: BrowserWindow | null = null;

/** desk.log in the app's logs folder (Windows: %APPDATA%\\Retention Desk\\logs), opened once the app is ready. */
let sink: ReturnType<typeof logFile> | null = null;
function log(): ReturnType<typeof logFile> {
  sink ??= logFile(app.getPath('logs'));
  return sink;
}

function startCore(): Promise<void> {
  const dbFile = path.join(app.getPath('userData'), 'store.sqlite');
  // Same file name as the harness's plain token file (electron/core/sync/token-store.ts tokenFileFor), so a token an earlier version wrote is found and encrypted.
  const vault = tokenVault(`${dbFile}.hq-token`, safeStorage);
  const child = utilityProcess.fork(path.join(bundleDir, 'core.cjs'), [`--db=${dbFile}`], {
    serviceName: 'Retention Desk core',
    // Into the log file (a packaged app has no console): what support collects when sync stops or the app will not start.
    stdio: 'pipe',
  });
  child.stdout?.on('data', (chunk: Buffer) => log().write('core', chunk));
  child.stderr?.on('data', (chunk: Buffer) => log().write('core', chunk));
  core = child;
  return new Promise((resolve) => {
    child.on('message', (raw) => {
      const message = raw as FromCore;
      if (message?.type === 'ready') resolve();
      else if (message?.type === 'fatal') lastCoreError = message.message;
      else if (message?.type === 'token?') child.postMessage({ type: 'token', token: vault.read() });
      else if (message?.type === 'token:write') vault.write(message.token);
      else if (message?.type === 'token:clear') vault.clear();
    });
    child.on('error', (type, location) => {
      lastCoreError = `${type} (${location})`;
    });
    child.on('exit', (code) => {
      log().write('main', `core exited (${code})${lastCoreError ? `: ${lastCoreError}` : ''}\n`);
      coreExited = true;
      if (!quitting) coreDied(code);
    });
  });
}

/** The core is never restarted behind the user's back: say why it stopped, let them choose. */
function coreDied(code: number): void {
  const reason = lastCoreError || `核心进程意外退出（退出码 ${code}）。The core process exited unexpectedly (code ${code}).`;
  const choice = dialog.showMessageBoxSync({
    type: 'error',
    title: PRODUCT,
    message: '留存助手无法继续运行 / Retention Desk cannot continue',
    detail: reason,
    buttons: ['重新启动 Restart', '退出 Quit'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  quitting = true;
  if (choice === 0) app.relaunch();
  app.exit(1);
}

/** Gives the window its own MessagePort to the core; called on every (re)load of the page. */
function connectToCore(win: BrowserWindow): void {
  if (!core || coreExited) return;
  const { port1, port2 } = new MessageChannelMain();
  core.postMessage({ type: 'connect' }, [port1]);
  win.webContents.postMessage('desk:port', null, [port2]);
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: PRODUCT,
    backgroundColor: '#f6f8f8',
    webPreferences: {
      preload: path.join(bundleDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: !app.isPackaged,
      spellcheck: false,
    },
  });
  const contents = win.webContents;
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // Only a reload of the page itself is allowed; links and scripts never take the window elsewhere.
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (withoutHash(url) !== withoutHash(contents.getURL())) event.preventDefault();
  };
  contents.on('will-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('did-finish-load', () => connectToCore(win));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadFile(rendererIndex);
  return win;
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'),
    );
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [CSP] } });
  });
  // Camera, geolocation, notifications...: the desk needs none. Writing text to the clipboard
  // (copy a phone number) is the one exception.
  const allowed = new Set(['clipboard-sanitized-write']);
  ses.setPermissionRequestHandler((_contents, permission, callback) => callback(allowed.has(permission)));
  ses.setPermissionCheckHandler((_contents, permission) => allowed.has(permission));
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    { label: '文件', submenu: [{ label: '退出', role: 'quit' }] },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
        { label: '开发者工具', role: 'toggleDevTools', visible: !app.isPackaged },
      ],
    },
    {
      label: '帮助',
      submenu: [
        {
          label: '关于留存助手',
          click: () =>
            dialog.showMessageBoxSync({ type: 'info', title: PRODUCT, message: PRODUCT, detail: `版本 ${app.getVersion()}` }),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Lets the core checkpoint WAL and close the database before the app goes away. */
function stopCore(): Promise<void> {
  const child = core;
  if (!child || coreExited) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill();
      resolve();
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.postMessage({ type: 'shutdown' });
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.setAppUserModelId('com.retentiondesk.desk');
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    if (!core || coreExited) return;
    event.preventDefault();
    quitting = true;
    void stopCore().then(() => {
      core = null;
      app.quit();
    });
  });

  void app.whenReady().then(async () => {
    // The main process's own warnings (the token vault's, a core that died) into the log file too.
    for (const level of ['warn', 'error'] as const) {
      const original = console[level].bind(console);
      console[level] = (...args: unknown[]) => {
        original(...args);
        log().write('main', `${args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' ')}\n`);
      };
    }
    hardenSession();
    buildMenu();
    // Migrations run inside the core before it reports ready, so no window sees a half-migrated store.
    await startCore();
    if (!quitting) mainWindow = createWindow();
  });
}
