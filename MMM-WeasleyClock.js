/* MMM-WeasleyClock — built from src/ by `npm run build`; do not edit. */
;(() => {
  function S(e) {
    const t = 360 / Math.max(1, e.length)
    return new Map(e.map((n, o) => [n, o * t]))
  }
  function R(e, t = {}) {
    const n = S(e.dial),
      o = 360 / Math.max(1, e.dial.length),
      a = n.get('Lost') ?? 0,
      r = new Map()
    for (const i of e.members) {
      const l = n.has(i.place) ? i.place : 'Lost'
      r.set(l, [...(r.get(l) ?? []), i.id])
    }
    const s = new Map()
    for (const [i, l] of r) {
      const c = n.get(i) ?? a,
        m = Math.min(t.fanSpreadDegrees ?? 15, (o * 0.7) / Math.max(1, l.length - 1))
      l.forEach((g, f) => {
        const p = (f - (l.length - 1) / 2) * m
        s.set(g, { id: g, angleDeg: P(c + p), lengthFactor: l.length > 1 && f % 2 === 1 ? 0.62 : 0.74 })
      })
    }
    return e.members.map((i) => s.get(i.id))
  }
  var P = (e) => Math.round((((e % 360) + 360) % 360) * 1e3) / 1e3
  function L(e, t) {
    if (e === void 0) return t
    const n = ((((t - e) % 360) + 540) % 360) - 180
    return e + n
  }
  var M = (e, t) => t,
    F = { Traveling: 'TRAVELING', Lost: 'LOST' },
    b = (e, t) => {
      const n = F[t]
      return n ? e(n, t) : t
    }
  function C(e, t, n = M) {
    const o = Math.max(0, Math.round((t - e) / 6e4))
    if (o < 1) return n('JUST_NOW', 'just now')
    if (o < 60) return `${o} min`
    const a = Math.floor(o / 60)
    return a < 48 ? `${a} h${o % 60 ? ` ${o % 60} min` : ''}` : `${Math.floor(a / 24)} ${n('DAYS', 'days')}`
  }
  var y = (e, t) => `${e}-${t.toLowerCase().replace(/\s+/g, '-')}`
  var O = 'http://www.w3.org/2000/svg',
    E = 92,
    j = new Set(['Traveling', 'Lost']),
    u = (e, t = {}) => {
      const n = document.createElementNS(O, e)
      for (const [o, a] of Object.entries(t)) n.setAttribute(o, String(a))
      return n
    }
  function v(e = M) {
    const t = u('svg', { viewBox: '-100 -100 200 200', class: 'weasley-clock', role: 'img' }),
      n = u('g', { class: 'dial' }),
      o = u('g', { class: 'hands' }),
      a = u('circle', { r: 5, class: 'hub' })
    t.append(n, o, a)
    let r = new Map(),
      s = ''
    function i(c) {
      n.replaceChildren(
        u('circle', { r: E + 4, class: 'dial-face' }),
        u('circle', { r: E - 18, class: 'dial-inner' }),
      )
      const m = 360 / Math.max(1, c.length)
      for (const [g, f] of S(c)) {
        const p = ((f - 90) * Math.PI) / 180,
          h = u('text', {
            x: (E - 8) * Math.cos(p),
            y: (E - 8) * Math.sin(p),
            class: `dial-label${j.has(g) ? ' reserved' : ''}`,
            'data-testid': y('dial', g),
          }),
          w = f > 90 && f < 270 ? f + 180 : f
        h.setAttribute('transform', `rotate(${w} ${h.getAttribute('x')} ${h.getAttribute('y')})`),
          (h.textContent = b(e, g))
        const d = ((f + m / 2 - 90) * Math.PI) / 180
        n.append(
          h,
          u('line', {
            x1: (E - 18) * Math.cos(d),
            y1: (E - 18) * Math.sin(d),
            x2: (E + 4) * Math.cos(d),
            y2: (E + 4) * Math.sin(d),
            class: 'dial-tick',
          }),
        )
      }
    }
    function l(c) {
      let m = r.get(c.id)
      if (m) return m
      const g = u('g', { class: 'hand', 'data-testid': y('hand', c.id) }),
        f = u('line', { x1: 0, y1: 6, x2: 0, y2: -50, class: 'hand-shaft' }),
        p = u('circle', { r: 2.4, cx: 0, cy: -50, class: 'hand-tip' }),
        h = u('g'),
        w = u('rect', { rx: 3, ry: 3, height: 8, class: 'hand-tag-bg' }),
        d = u('text', { class: 'hand-tag' })
      return (
        h.append(w, d),
        g.append(f, p, h),
        o.append(g),
        (m = { group: g, shaft: f, tip: p, tagGroup: h, tagBg: w, tag: d, rotation: void 0 }),
        r.set(c.id, m),
        m
      )
    }
    return {
      element: t,
      render(c) {
        const m = c.dial.join('\0')
        m !== s && (i(c.dial), (s = m))
        const g = R(c),
          f = new Set()
        c.members.forEach((p, h) => {
          const w = g[h]
          if (!w) return
          f.add(p.id)
          const d = l(p),
            x = E * w.lengthFactor
          d.shaft.setAttribute('y2', String(-x)),
            d.shaft.setAttribute('stroke', p.color),
            d.tip.setAttribute('cy', String(-x)),
            d.tip.setAttribute('fill', p.color),
            (d.tag.textContent = p.name)
          const k = Math.max(14, p.name.length * 3.4 + 5)
          d.tagBg.setAttribute('width', String(k)),
            d.tagBg.setAttribute('x', String(-k / 2)),
            d.tagBg.setAttribute('y', '-4'),
            d.tagBg.setAttribute('fill', p.color)
          const D = w.angleDeg > 90 && w.angleDeg < 270
          d.tagGroup.setAttribute('transform', `translate(0 ${-(x - k / 2 - 5)}) rotate(${D ? 90 : -90})`),
            (d.rotation = L(d.rotation, w.angleDeg)),
            (d.group.style.transform = `rotate(${d.rotation}deg)`),
            d.group.classList.toggle('offline', !p.online),
            (d.group.dataset.place = p.place.toLowerCase()),
            (d.group.dataset.angle = String(w.angleDeg)),
            d.group.setAttribute('aria-label', `${p.name}: ${b(e, p.place)}`)
        })
        for (const [p, h] of r) f.has(p) || (h.group.remove(), r.delete(p))
      },
    }
  }
  var _ = 8,
    B = 12
  function N(e, t, n) {
    const o = t.toUpperCase().slice(0, n).padEnd(n, ' ')
    for (; e.children.length < n; ) {
      const a = document.createElement('span')
      ;(a.className = 'flap-tile'), e.append(a)
    }
    for (let a = 0; a < n; a++) {
      const r = e.children[a],
        s = o[a] ?? ' '
      r.textContent !== s &&
        ((r.textContent = s), r.classList.remove('flip'), r.offsetWidth, r.classList.add('flip'))
    }
  }
  function V(e = M) {
    const t = document.createElement('div')
    t.className = 'weasley-flap'
    const n = new Map()
    return {
      element: t,
      render(o) {
        const a = new Set()
        for (const r of o.members) {
          a.add(r.id)
          let s = n.get(r.id)
          if (!s) {
            const i = document.createElement('div')
            ;(i.className = 'flap-row'), (i.dataset.testid = y('flap', r.id))
            const l = document.createElement('span')
            l.className = 'flap-swatch'
            const c = document.createElement('span')
            c.className = 'flap-name'
            const m = document.createElement('span')
            ;(m.className = 'flap-place'),
              i.append(l, c, m),
              (s = { row: i, name: c, place: m }),
              n.set(r.id, s)
          }
          t.append(s.row),
            (s.row.firstChild.style.background = r.color),
            (s.row.dataset.place = r.place.toLowerCase()),
            s.row.classList.toggle('offline', !r.online),
            N(s.name, r.name, _),
            N(s.place, b(e, r.place), B)
        }
        for (const [r, s] of n) a.has(r) || (s.row.remove(), n.delete(r))
      },
    }
  }
  var T = (e, t) => {
    const n = e.insertCell()
    return (n.className = t), n
  }
  function A(e = M) {
    const t = document.createElement('table')
    t.className = 'weasley-table'
    const n = t.createTHead().insertRow()
    for (const s of ['Who', 'Where', 'Since', 'Battery']) {
      const i = document.createElement('th')
      ;(i.textContent = e(s.toUpperCase(), s)), n.append(i)
    }
    const o = t.createTBody(),
      a = new Map(),
      r = (s) => {
        let i = a.get(s.id)
        if (i) return i
        const l = o.insertRow()
        l.dataset.testid = y('row', s.id)
        const c = T(l, 'who'),
          m = document.createElement('span')
        m.className = 'swatch'
        const g = document.createTextNode('')
        c.append(m, g)
        const f = T(l, 'where')
        return (
          (f.dataset.testid = y('place', s.id)),
          (i = {
            tr: l,
            who: c,
            swatch: m,
            name: g,
            where: f,
            since: T(l, 'since'),
            battery: T(l, 'battery'),
          }),
          a.set(s.id, i),
          i
        )
      }
    return {
      element: t,
      render(s) {
        const i = new Set()
        for (const l of s.members) {
          i.add(l.id)
          const c = r(l)
          o.append(c.tr),
            (c.swatch.style.background = l.color),
            (c.name.data = l.name),
            (c.where.textContent = b(e, l.place)),
            (c.since.textContent = C(l.sinceMs, s.nowMs, e)),
            (c.battery.textContent = l.batteryPercent === void 0 ? '' : `${l.batteryPercent} %`),
            c.tr.classList.toggle('offline', !l.online),
            (c.tr.title =
              l.lastSeenMs === null ? 'never heard from' : `last heard ${C(l.lastSeenMs, s.nowMs)} ago`)
        }
        for (const [l, c] of a) i.has(l) || (c.tr.remove(), a.delete(l))
      },
    }
  }
  var H = 'WEASLEY_INIT',
    $ = 'WEASLEY_STATE',
    W = 'WEASLEY_ERROR'
  var K = ['en', 'de', 'fr', 'es', 'nl']
  Module.register('MMM-WeasleyClock', {
    defaults: { clockStyle: 'clock', sounds: !0, volume: 75, sound: 'chime.wav', debug: !1 },
    getStyles() {
      return ['MMM-WeasleyClock.css']
    },
    getTranslations() {
      return Object.fromEntries(K.map((e) => [e, `translations/${e}.json`]))
    },
    start() {
      this.hidden = !1
      const e = { identifier: this.identifier, config: U(this.config) }
      this.sendSocketNotification(H, e)
    },
    getDom() {
      if (this.wrapper) return this.wrapper
      const e = document.createElement('div')
      e.className = `weasley-mm style-${String(this.config.clockStyle)}`
      const t = document.createElement('div')
      ;(t.className = 'dimmed small'), (t.textContent = this.translate('LOADING', 'Winding the clock\u2026'))
      const n = document.createElement('span')
      return (
        (n.className = 'weasley-status xsmall dimmed'),
        (n.dataset.testid = 'status'),
        (n.hidden = !0),
        e.append(t, n),
        (this.wrapper = e),
        (this.statusMark = n),
        e
      )
    },
    socketNotificationReceived(e, t) {
      if (!(!t || t.identifier !== this.identifier) && (e === W && Y(this, t.problems), e === $)) {
        const { view: n, moved: o } = t
        ;(this.latest = n), this.hidden || I(this, n), o && J(this)
      }
    },
    suspend() {
      this.hidden = !0
    },
    resume() {
      ;(this.hidden = !1), this.latest && I(this, this.latest)
    },
  })
  function U(e) {
    const t = { ...e }
    for (const n of [
      'position',
      'header',
      'classes',
      'animateIn',
      'animateOut',
      'hiddenOnStartup',
      'disabled',
    ])
      delete t[n]
    return t
  }
  function G(e) {
    return (t, n) => {
      const o = e.translate(t)
      return o && o !== t ? o : n
    }
  }
  function I(e, t) {
    const n = e.wrapper
    if (!n) return
    if (!e.renderer) {
      const a = G(e),
        r = e.config.clockStyle
      e.renderer = r === 'table' ? A(a) : r === 'flap' ? V(a) : v(a)
      const s = e.renderer.element
      r === 'table' && s.classList.add('small')
      const i = Number(e.config.radius)
      r !== 'table' && r !== 'flap' && i > 0 && (s.style.width = `${i * 2}px`),
        n.replaceChildren(s, e.statusMark ?? '')
    }
    e.renderer.render(t)
    const o = e.statusMark
    if (o) {
      const a = t.members.filter((i) => !i.online).map((i) => i.name),
        r = G(e),
        s = t.connection.connected
          ? a.length > 0
            ? `${r('DEVICE_OFFLINE', 'offline')}: ${a.join(', ')}`
            : ''
          : r('BROKER_OFFLINE', 'broker offline')
      ;(o.hidden = s === ''), (o.textContent = s), (o.title = t.connection.lastError ?? '')
    }
  }
  function Y(e, t) {
    const n = e.wrapper
    if (!n) return
    const o = document.createElement('div')
    ;(o.className = 'weasley-error small'), (o.dataset.testid = 'config-error')
    const a = document.createElement('div')
    ;(a.className = 'bright'),
      (a.textContent = e.translate('CONFIG_ERROR', 'MMM-WeasleyClock: the config needs fixing'))
    const r = document.createElement('ul')
    r.className = 'xsmall'
    for (const s of t) {
      const i = document.createElement('li')
      ;(i.textContent = s), r.append(i)
    }
    o.append(a, r), n.replaceChildren(o), delete e.renderer, Log.error(`MMM-WeasleyClock: ${t.join('; ')}`)
  }
  function J(e) {
    const t = e.config
    if (!t.sounds || t.clockStyle === 'table' || e.hidden) return
    const n = Number(t.volume),
      o = new Audio(e.file(`sounds/${String(t.sound)}`))
    ;(o.volume = Math.min(1, Math.max(0, n > 1 ? n / 100 : n))), o.play().catch(() => {})
  }
})()
