/* The one mutable state of embed.js on a page. Every module reads and
   writes it here: no module has another variable that changes. */
export const state = {
  current: null,      // the valid choice (value.js parse), or null
  early: null,        // what embed.js read first, with the news count it was read at
  news: 0,            // choices written or heard of: a read made or asked for before one is stale
  started: false,     // whether start() ran (main.js)
  applied: false,     // whether start()'s choice was applied, after the first paint
  listeners: [],      // charte.onChange callbacks
  resolved: false,    // whether the asset paths are resolved (config.js)
  signalled: '',      // id of the choice Consent Mode was last updated with
  channel: null,      // the BroadcastChannel to the site's other tabs
  scan: null,         // placeholder.js's redraw, once it is loaded
  asked: false,       // whether placeholder.js was asked for
  entry: null,        // Promise of the loader's entry point
  widget: null,       // Promise of the mounted widget's handle (undefined if it failed)
  shell: null,        // the first visit's host, mount and shown (shell.js)
  prefetch: null,     // the AbortController of the prefetch under way (prefetch.js)
  pending: ''         // the dialog asked for on the shell before the widget came
};
