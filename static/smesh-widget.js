/*
 * <smesh-widget>: live Spacemesh network stats or an account's balance on any page.
 *   <script src="https://SMESH-HOST/smesh-widget.js" defer></script>
 *   <smesh-widget kind="account" address="sm1q…"></smesh-widget>
 * Attributes: kind (network | account), address, theme (light | dark | auto), api (a Smesh
 * node's HTTP API; default: the host's public node). CSS custom properties on the element:
 * --smesh-widget-width, --smesh-widget-height, --smesh-widget-radius, --smesh-accent,
 * --smesh-bg, --smesh-text. Renders an <iframe> of the host's /embed page (see /widget).
 */
(() => {
  'use strict';
  const script = document.currentScript;
  const base = new URL('./', script && script.src ? script.src : location.href);
  const COLORS = [
    ['--smesh-accent', 'accent'],
    ['--smesh-bg', 'bg'],
    ['--smesh-text', 'text'],
  ];

  class SmeshWidget extends HTMLElement {
    static get observedAttributes() {
      return ['kind', 'address', 'theme', 'api'];
    }

    connectedCallback() {
      this.render();
    }

    attributeChangedCallback() {
      if (this.isConnected) this.render();
    }

    embedUrl() {
      const q = new URLSearchParams();
      const kind = this.getAttribute('kind') === 'account' ? 'account' : 'network';
      q.set('kind', kind);
      const address = this.getAttribute('address');
      if (kind === 'account' && address) q.set('address', address.trim());
      const theme = this.getAttribute('theme');
      if (theme === 'light' || theme === 'dark') q.set('theme', theme);
      const api = this.getAttribute('api');
      if (api) q.set('api', api);
      const style = getComputedStyle(this);
      for (const [prop, name] of COLORS) {
        const v = style.getPropertyValue(prop).trim();
        if (v) q.set(name, v);
      }
      return new URL(`embed?${q}`, base).href;
    }

    render() {
      const root = this.shadowRoot || this.attachShadow({ mode: 'open' });
      let frame = root.querySelector('iframe');
      if (!frame) {
        const style = document.createElement('style');
        style.textContent =
          ':host{display:inline-block;width:var(--smesh-widget-width,20rem);' +
          'height:var(--smesh-widget-height,9.5rem);max-width:100%}' +
          'iframe{display:block;width:100%;height:100%;border:0;' +
          'border-radius:var(--smesh-widget-radius,10px);color-scheme:normal}';
        frame = document.createElement('iframe');
        frame.setAttribute('loading', 'lazy');
        frame.setAttribute('referrerpolicy', 'no-referrer');
        root.append(style, frame);
      }
      const account = this.getAttribute('kind') === 'account';
      frame.title = account ? 'Spacemesh account balance' : 'Spacemesh network status';
      const src = this.embedUrl();
      if (frame.src !== src) frame.src = src;
    }
  }

  if (!customElements.get('smesh-widget')) customElements.define('smesh-widget', SmeshWidget);
})();
