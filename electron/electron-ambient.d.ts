/**
 * STAND-IN TYPES for the few `electron` APIs that electron/main and electron/preload use.
 *
 * Why: `electron` is an optionalDependency whose postinstall downloads a binary; where that
 * download fails (no internet), npm drops the package and its real .d.ts with it, and the
 * Electron shell could not be typechecked at all. Signatures follow the Electron 41 docs.
 *
 * Caveat: an ambient `declare module` wins over a package's own types, so on a machine where
 * `electron` IS installed this file still shadows them. Keep it minimal and accurate, and
 * delete it (or drop it from tsconfig.electron.json) once the real package is always present.
 */
declare module 'electron' {
  interface ElectronEvent {
    preventDefault(): void;
  }

  type AppPathName = 'home' | 'appData' | 'userData' | 'sessionData' | 'temp' | 'exe' | 'logs';

  interface App {
    readonly isPackaged: boolean;
    whenReady(): Promise<void>;
    requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
    getPath(name: AppPathName): string;
    getName(): string;
    getVersion(): string;
    setAppUserModelId(id: string): void;
    quit(): void;
    exit(exitCode?: number): void;
    relaunch(options?: { args?: string[]; execPath?: string }): void;
    on(event: 'second-instance', listener: (event: ElectronEvent, argv: string[], workingDirectory: string) => void): this;
    on(event: 'window-all-closed', listener: () => void): this;
    on(event: 'will-quit' | 'before-quit', listener: (event: ElectronEvent) => void): this;
  }
  export const app: App;

  interface MessagePortMain {
    postMessage(message: unknown, transfer?: MessagePortMain[]): void;
    start(): void;
    close(): void;
    on(event: 'message', listener: (event: { data: unknown; ports: MessagePortMain[] }) => void): this;
    on(event: 'close', listener: () => void): this;
  }
  export class MessageChannelMain {
    readonly port1: MessagePortMain;
    readonly port2: MessagePortMain;
  }

  interface ForkOptions {
    env?: Record<string, string | undefined>;
    execArgv?: string[];
    cwd?: string;
    stdio?: 'pipe' | 'ignore' | 'inherit' | Array<'pipe' | 'ignore' | 'inherit'>;
    serviceName?: string;
  }
  interface UtilityProcess {
    readonly pid: number | undefined;
    /** The child's output streams when forked with stdio 'pipe' (null otherwise). */
    readonly stdout: NodeJS.ReadableStream | null;
    readonly stderr: NodeJS.ReadableStream | null;
    postMessage(message: unknown, transfer?: MessagePortMain[]): void;
    kill(): boolean;
    on(event: 'spawn', listener: () => void): this;
    on(event: 'exit', listener: (code: number) => void): this;
    on(event: 'message', listener: (message: unknown) => void): this;
    on(event: 'error', listener: (type: string, location: string, report: string) => void): this;
    once(event: 'exit', listener: (code: number) => void): this;
  }
  /** Main process only. getSelectedStorageBackend: Linux only ('basic_text' = no secret store). */
  export const safeStorage: {
    isEncryptionAvailable(): boolean;
    encryptString(plainText: string): Buffer;
    decryptString(encrypted: Buffer): string;
    getSelectedStorageBackend(): 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';
  };

  export const utilityProcess: {
    fork(modulePath: string, args?: string[], options?: ForkOptions): UtilityProcess;
  };

  interface WebContents {
    readonly id: number;
    getURL(): string;
    postMessage(channel: string, message: unknown, transfer?: MessagePortMain[]): void;
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
    on(event: 'did-finish-load', listener: () => void): this;
    on(event: 'will-navigate' | 'will-redirect', listener: (event: ElectronEvent, url: string) => void): this;
    on(event: 'will-attach-webview', listener: (event: ElectronEvent) => void): this;
  }

  interface BrowserWindowOptions {
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    backgroundColor?: string;
    autoHideMenuBar?: boolean;
    webPreferences?: {
      preload?: string;
      contextIsolation?: boolean;
      sandbox?: boolean;
      nodeIntegration?: boolean;
      nodeIntegrationInWorker?: boolean;
      webSecurity?: boolean;
      allowRunningInsecureContent?: boolean;
      webviewTag?: boolean;
      devTools?: boolean;
      spellcheck?: boolean;
    };
  }
  export class BrowserWindow {
    constructor(options?: BrowserWindowOptions);
    readonly webContents: WebContents;
    loadFile(filePath: string): Promise<void>;
    show(): void;
    focus(): void;
    restore(): void;
    isMinimized(): boolean;
    isDestroyed(): boolean;
    once(event: 'ready-to-show', listener: () => void): this;
    on(event: 'closed', listener: () => void): this;
  }

  interface HeadersReceivedDetails {
    url: string;
    resourceType: string;
    responseHeaders?: Record<string, string[]>;
  }
  interface Session {
    webRequest: {
      onHeadersReceived(
        listener: (
          details: HeadersReceivedDetails,
          callback: (response: { cancel?: boolean; responseHeaders?: Record<string, string | string[]> }) => void,
        ) => void,
      ): void;
    };
    setPermissionRequestHandler(
      handler: ((webContents: WebContents, permission: string, callback: (granted: boolean) => void) => void) | null,
    ): void;
    setPermissionCheckHandler(handler: ((webContents: WebContents | null, permission: string) => boolean) | null): void;
  }
  export const session: { readonly defaultSession: Session };

  interface MessageBoxOptions {
    type?: 'none' | 'info' | 'error' | 'question' | 'warning';
    title?: string;
    message: string;
    detail?: string;
    buttons?: string[];
    defaultId?: number;
    cancelId?: number;
    noLink?: boolean;
  }
  export const dialog: {
    showMessageBoxSync(options: MessageBoxOptions): number;
    showErrorBox(title: string, content: string): void;
  };

  export type MenuItemRole =
    | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll' | 'reload' | 'forceReload' | 'toggleDevTools'
    | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'quit' | 'about';
  export interface MenuItemConstructorOptions {
    label?: string;
    role?: MenuItemRole;
    type?: 'normal' | 'separator' | 'submenu';
    accelerator?: string;
    visible?: boolean;
    click?: () => void;
    submenu?: MenuItemConstructorOptions[];
  }
  export class Menu {
    static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
    static setApplicationMenu(menu: Menu | null): void;
  }

  export interface IpcRendererEvent {
    readonly ports: MessagePort[];
  }
  export const ipcRenderer: {
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
  };
  export const contextBridge: {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  };
}
