// Words the displays show. The web page uses English; MagicMirror passes its translate().

export type Translate = (key: string, fallback: string) => string

export const english: Translate = (_key, fallback) => fallback

const RESERVED: Record<string, string> = { Traveling: 'TRAVELING', Lost: 'LOST' }

/** A dial label for display: the reserved places are translated, the family's own are not. */
export const placeText = (translate: Translate, place: string): string => {
  const key = RESERVED[place]
  return key ? translate(key, place) : place
}

/** Who is where, in full, for a screen reader: the name of a clock or board drawn as one picture. */
export const whoIsWhere = (
  translate: Translate,
  members: readonly { name: string; place: string }[],
): string => members.map((m) => `${m.name}: ${placeText(translate, m.place)}`).join('; ')
