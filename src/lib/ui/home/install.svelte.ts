// The PWA install offer: Chromium fires `beforeinstallprompt` when the app can be installed;
// keeping the event lets a button show the browser's own install dialog later. Captured from
// the moment this module loads (the home page's first import), so the offer is not missed.
interface InstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

class InstallOffer {
  /** The browser's offer, while there is one. */
  event = $state.raw<InstallPromptEvent | undefined>(undefined);
  installed = $state(false);

  constructor() {
    if (typeof window === 'undefined') return;
    window.addEventListener('beforeinstallprompt', (e) => {
      e.preventDefault(); // our button instead of the browser's mini-infobar
      this.event = e as InstallPromptEvent;
    });
    window.addEventListener('appinstalled', () => {
      this.event = undefined;
      this.installed = true;
    });
  }

  /** Shows the browser's install dialog; the offer is used up either way. */
  async install(): Promise<boolean> {
    const e = this.event;
    if (e === undefined) return false;
    this.event = undefined;
    await e.prompt();
    return (await e.userChoice).outcome === 'accepted';
  }
}

export const installOffer = new InstallOffer();
