// Progressive touches for the relay's pages; everything works without this script.
// Loaded from /ui/assets (the Content-Security-Policy allows no inline script).
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  // The "Send Test Event" result arrives as an open dialog; make it modal (backdrop, Esc closes it).
  for (const dialog of document.querySelectorAll('dialog[data-show-modal][open]')) {
    dialog.close();
    dialog.showModal();
    dialog.addEventListener('close', () => {
      const url = new URL(location.href);
      url.searchParams.delete('tested');
      history.replaceState(null, '', url);
    });
  }

  // Buttons that destroy something ask first.
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!confirm(form.dataset.confirm)) event.preventDefault();
    });
  }

  // A slow action (Send Test Event waits for the receiver; Connect, Repair and Disconnect for the network) shows
  // it is working and is not sent twice: its button says so, and every slow action's button is disabled meanwhile.
  const busyButtons = [...document.querySelectorAll('button[data-busy]')];
  for (const button of busyButtons) {
    button.form?.addEventListener('submit', (event) => {
      if (event.defaultPrevented) return; // a confirmation declined
      if (busyButtons.some((other) => other.getAttribute('aria-busy') === 'true')) return void event.preventDefault();
      button.dataset.label = button.textContent;
      button.textContent = button.dataset.busy;
      button.setAttribute('aria-busy', 'true');
      // Disabled after the submit has gone: a disabled button's form would not be sent.
      setTimeout(() => busyButtons.forEach((other) => (other.disabled = true)), 0);
    });
  }
  // Back to a page left busy (the browser's page cache): the buttons work again.
  window.addEventListener('pageshow', (event) => {
    if (!event.persisted) return;
    for (const button of busyButtons.filter((candidate) => candidate.getAttribute('aria-busy') === 'true')) {
      button.textContent = button.dataset.label;
      button.removeAttribute('aria-busy');
    }
    busyButtons.forEach((button) => (button.disabled = false));
  });

  // Copy buttons: the clipboard API where allowed (https, localhost), a hidden textarea otherwise.
  for (const button of document.querySelectorAll('button[data-copy]')) {
    button.addEventListener('click', async () => {
      const text = button.dataset.copy;
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        const area = document.createElement('textarea');
        area.value = text;
        area.setAttribute('readonly', '');
        area.style.position = 'fixed';
        area.style.opacity = '0';
        document.body.append(area);
        area.select();
        document.execCommand('copy');
        area.remove();
      }
      const label = button.textContent;
      button.textContent = 'Copied';
      setTimeout(() => (button.textContent = label), 1500);
    });
  }

  // The event dropdown shows the chosen event's description under it.
  for (const select of document.querySelectorAll('select[data-describe]')) {
    const target = document.getElementById(select.dataset.describe);
    const update = () => {
      if (target) target.textContent = select.selectedOptions[0]?.dataset.description ?? '';
    };
    select.addEventListener('change', update);
  }

  // An inspector bin's page says when new requests arrive (without reloading under the reader's feet).
  for (const banner of document.querySelectorAll('[data-poll]')) {
    const timer = setInterval(async () => {
      try {
        const response = await fetch(banner.dataset.poll, { headers: { accept: 'application/json' } });
        if (!response.ok) return;
        const { latest } = await response.json();
        if ((latest ?? '') !== banner.dataset.latest) {
          banner.hidden = false;
          clearInterval(timer);
        }
      } catch {
        // The relay restarting is no reason to stop trying.
      }
    }, 2000);
  }

  // Times read relative ("3 min ago"); hovering shows the exact UTC time, and the reader's local time beside it.
  for (const time of document.querySelectorAll('time[datetime]')) {
    const utc = time.title || new Date(time.dateTime).toISOString();
    time.title = `${utc} · ${new Date(time.dateTime).toLocaleString()} local`;
  }
});
