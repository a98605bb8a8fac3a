// dbt refuses a `docs.node_color` that is neither a hex code nor an HTML color name, so that the
// docs site's lineage graph can draw it.
// https://docs.getdbt.com/reference/resource-configs/docs#custom-node-colors
import { userError, type SourceLocation } from '../../core/diagnostic.js';

// The HTML (CSS) color keywords.
const HTML_COLORS: ReadonlySet<string> = new Set(
  ('aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood cadetblue ' +
    'chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey ' +
    'darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen darkslateblue darkslategray ' +
    'darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen ' +
    'fuchsia gainsboro ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki ' +
    'lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen ' +
    'lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime ' +
    'limegreen linen magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue ' +
    'mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace olive ' +
    'olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum ' +
    'powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue ' +
    'slateblue slategray slategrey snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke ' +
    'yellow yellowgreen').split(' '),
);

/** Throws dbt's error for a node_color that is neither `#rgb`/`#rrggbb` nor an HTML color name (any case). */
export function checkNodeColor(color: string, at: SourceLocation | undefined): void {
  const lower = color.toLowerCase();
  if (/^#(?:[0-9a-f]{3}){1,2}$/.test(lower) || HTML_COLORS.has(lower)) return;
  throw userError(
    'config-invalid',
    `Invalid color name for docs.node_color: ${color}. It is neither a valid HTML color name nor a valid HEX code.`,
    at,
    'Use an HTML color name (e.g. teal) or a hex code (e.g. #1f77b4).',
  );
}
