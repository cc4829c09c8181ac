// Just enough DOM for view.js under node --test: elements, text nodes, attributes, classes, events. No parser at
// all, which is the point: if the view ever handed user text to an HTML parser, the test could not pass.

class FakeText {
  constructor(text) { this.nodeType = 3; this.data = String(text); }
  get textContent() { return this.data; }
}

class FakeClassList {
  constructor(el) { this.el = el; }
  set() { return new Set(this.el.className.split(/\s+/).filter(Boolean)); }
  contains(c) { return this.set().has(c); }
  add(c) { const s = this.set(); s.add(c); this.el.className = [...s].join(' '); }
  remove(c) { const s = this.set(); s.delete(c); this.el.className = [...s].join(' '); }
  toggle(c, force) {
    const on = force === undefined ? !this.contains(c) : force;
    if (on) this.add(c); else this.remove(c);
    return on;
  }
}

export class FakeElement {
  constructor(tag) {
    this.nodeType = 1;
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.attributes = {};
    this.className = '';
    this.classList = new FakeClassList(this);
    this.listeners = {};
    this.style = {};
    this.scrollTop = 0;
    this.scrollHeight = 1000;
    this.clientHeight = 500;
    this.open = false;
    this.value = '';
  }
  append(...nodes) {
    for (const n of nodes) {
      const list = n instanceof FakeFragment ? n.children : [typeof n === 'string' ? new FakeText(n) : n];
      for (const c of list) { c.parent = this; this.children.push(c); }
    }
  }
  replaceWith(other) {
    const i = this.parent.children.indexOf(this);
    other.parent = this.parent;
    this.parent.children[i] = other;
  }
  replaceChildren(...nodes) { this.children = []; this.append(...nodes); }
  get textContent() { return this.children.map((c) => c.textContent).join(''); }
  set textContent(v) { this.children = [new FakeText(v)]; }
  setAttribute(k, v) { this.attributes[k] = String(v); }
  getAttribute(k) { return this.attributes[k] ?? null; }
  removeAttribute(k) { delete this.attributes[k]; }
  addEventListener(type, fn) { (this.listeners[type] ||= []).push(fn); }
  click() { this.dispatch('click', {}); }
  dispatch(type, ev = {}) {
    const e = { preventDefault() { this.defaultPrevented = true; }, target: this, ...ev };
    for (const fn of this.listeners[type] || []) fn(e);
    return e;
  }
  setSelectionRange(a) { this.selectionStart = a; }
  focus() {}
  querySelector() { return null; }
  showModal() { this.open = true; }
  close() { this.open = false; }
  /** Every element below this one, depth first. */
  all() {
    const out = [];
    for (const c of this.children) if (c.nodeType === 1) out.push(c, ...c.all());
    return out;
  }
  byClass(cls) { return this.all().filter((e) => e.classList.contains(cls)); }
  byTag(tag) { return this.all().filter((e) => e.tagName === tag.toUpperCase()); }
}

class FakeFragment extends FakeElement {
  constructor() { super('#fragment'); }
}

export function installDom(ids, { selectors = {} } = {}) {
  const byId = new Map(ids.map((id) => [id, new FakeElement('div')]));
  const frames = [];
  globalThis.document = {
    title: '',
    createElement: (t) => new FakeElement(t),
    createTextNode: (t) => new FakeText(t),
    createDocumentFragment: () => new FakeFragment(),
    getElementById: (id) => byId.get(id),
    querySelector: (sel) => (typeof selectors[sel] === 'function' ? selectors[sel]() : selectors[sel]) ?? null,
    querySelectorAll: (sel) => (typeof selectors[sel] === 'function' ? selectors[sel]() : selectors[sel]) ?? [],
    addEventListener() {},
    hasFocus: () => true,
    hidden: false,
    body: new FakeElement('body'),
  };
  globalThis.requestAnimationFrame = (f) => { frames.push(f); return frames.length; };
  return {
    byId: (id) => byId.get(id),
    /** Runs the pending animation frames, as the browser would before painting. */
    paint() { while (frames.length) frames.shift()(); },
  };
}
