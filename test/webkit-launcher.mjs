// web-test-runner's WebDriver launcher for WebKitGTK, made to survive a MiniBrowser that stops
// answering. Once in a few runs (2026-12-07: one of three fresh-clone runs), MiniBrowser's web
// process hangs while it leaves a test file's page; WebKitWebDriver then answers no command, each
// one waits out undici's five-minute header timeout, and every later file fails with it. A test's
// result travels over web-test-runner's own WebSocket, not through WebDriver, so a file whose
// results are in is not lost when the browser is: after a command that does not answer within
// COMMAND_TIMEOUT_MS, this launcher ends WebKitWebDriver and its MiniBrowser, says so on the log,
// and starts both again for the next file (a file whose page never opened is tried once more).
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { startWebKitDriver } from './engines.mjs';

const COMMAND_TIMEOUT_MS = 60_000;

export class RestartingWebKitLauncher extends WebdriverLauncher {
  /** @param {object} options webdriverio options, without hostname and port (they change with each driver) */
  constructor(options) {
    super({ ...options, hostname: '127.0.0.1', port: 0 });
    this.webkitDriver = undefined;
    /** Why each restart happened, for the run's summary. */
    this.restarts = [];
  }

  async startSession(id, url) {
    try {
      await this.#open(id, url, 'open a test page');
    } catch (error) {
      this.#restart(error);
      await this.#open(id, url, 'open a test page after a restart');
    }
  }

  async stopSession(id) {
    try {
      return await withTimeout(super.stopSession(id), 'leave a test page');
    } catch (error) {
      this.#restart(error);
      return {}; // no coverage; the file's results came over the WebSocket
    }
  }

  async stop() {
    await withTimeout(super.stop(), 'end its session').catch(() => {});
    this.webkitDriver?.stop();
    this.webkitDriver = undefined;
  }

  // The base class starts the navigation without awaiting it; this awaits it, so a hang is seen.
  async #open(id, url, what) {
    if (!this.webkitDriver) {
      this.webkitDriver = await startWebKitDriver();
      this.options.port = this.webkitDriver.port;
    }
    await withTimeout(this.ensureManagerInitialized(), what);
    await withTimeout(this.driverManager.startSession(id, url), what);
  }

  #restart(error) {
    const why = `MiniBrowser did not answer (${error.message}); WebKitWebDriver and MiniBrowser were started again`;
    console.log(`webkit: ${why}`);
    this.restarts.push(why);
    clearInterval(this.pendingHeartbeat);
    this.webkitDriver?.stop('SIGKILL');
    this.webkitDriver = undefined;
    this.driver = undefined;
    this.driverManager = undefined;
    this.__managerPromise = undefined;
  }
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`it did not ${what} in ${COMMAND_TIMEOUT_MS / 1000} s`)), COMMAND_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
