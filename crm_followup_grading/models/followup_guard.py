"""Helpers shared by the models that guard the follow-up history."""


def changed_fields(records, vals, fnames):
    """The fields among ``fnames`` that ``vals`` would really change on some of
    ``records``: writing back a value a record already holds (an import in
    update mode, a client that sends unchanged fields) is no edit."""
    changed = []
    for fname in fnames:
        if fname not in vals:
            continue
        field = records._fields[fname]
        for record in records:
            new = field.convert_to_record(field.convert_to_cache(vals[fname], record), record)
            if new != record[fname]:
                changed.append(fname)
                break
    return changed


def field_labels(model, fnames):
    """The labels of ``fnames`` in the user's language, for messages."""
    return ", ".join(model._fields[fname]._description_string(model.env) for fname in fnames)
