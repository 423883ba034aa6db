/** @odoo-module **/
// Odoo gives date, datetime and number columns of a list a fixed width
// (80 px for a date): enough for "12/03/2026", not for the Chinese
// "2026年12月03日", nor for most Chinese column titles, which are then cut
// with an ellipsis. Odoo has no setting for it; each view could set `width`
// on each column, but every list of every addon would need it. So a column
// of these types gets the width its title and, for dates, a date in the
// user's own format need, whenever that is more than Odoo's.
import {formatDate, formatDateTime} from "@web/core/l10n/dates";
import {patch} from "@web/core/utils/patch";
import {ListRenderer} from "@web/views/list/list_renderer";

const {DateTime} = luxon;

// Odoo's fixed widths (web/static/src/views/list/column_width_hook.js).
const FIXED_WIDTHS = {date: 80, datetime: 145, float: 93, integer: 71, monetary: 105};
// Room in a title beside its text: the sort caret and a little air.
const TITLE_EXTRA = 22;
// A date with two-digit day and month, at the end of a long year.
const WIDEST_DATE = DateTime.local(2026, 12, 28, 23, 58, 58);

let context = null;
function textWidth(text, weight) {
    if (!context) {
        context = document.createElement("canvas").getContext("2d");
    }
    const style = getComputedStyle(document.body);
    context.font = `${weight} ${style.fontSize} ${style.fontFamily}`;
    return Math.ceil(context.measureText(text).width);
}

export function neededColumnWidth(type, label) {
    let width = FIXED_WIDTHS[type];
    if (type === "date") {
        width = Math.max(width, textWidth(formatDate(WIDEST_DATE), "normal") + 4);
    } else if (type === "datetime") {
        width = Math.max(width, textWidth(formatDateTime(WIDEST_DATE), "normal") + 4);
    }
    if (label) {
        width = Math.max(width, textWidth(label, "bold") + TITLE_EXTRA);
    }
    return width;
}

patch(ListRenderer.prototype, {
    processAllColumn(allColumns, list) {
        return super.processAllColumn(allColumns, list).map((column) => {
            const type = column.type === "field" && list.fields[column.name]?.type;
            const plain = !column.widget || column.widget === type;
            if (!(type in FIXED_WIDTHS) || !plain || column.attrs?.width) {
                return column;
            }
            const width = neededColumnWidth(type, column.hasLabel ? column.label : "");
            if (width <= FIXED_WIDTHS[type]) {
                return column;
            }
            return {...column, attrs: {...column.attrs, width: `${width}px`}};
        });
    },
});
