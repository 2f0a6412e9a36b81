package io.unstick.session.internal.core;

/**
 * Names a session record uses besides the application's attributes. They begin with a NUL character, which no
 * application attribute name the adapter stores can begin with, so they never collide.
 *
 * <pre>
 * name                         holds                                   sealed
 * \0unstick.id                 the session id without route            yes: nodes deliver expiry with the real id
 * \0unstick.note:&lt;note&gt;        a FORM login note                       yes
 * \0unstick.principal          (the record's principal field)          yes: this name is its associated data
 * &lt;anything else&gt;              an application attribute                yes
 * </pre>
 */
public final class StoredNames {

    /** The sealed session id (its base, without route): the store key is a one-way hash of it. */
    public static final String SESSION_ID = "\u0000unstick.id";
    /** FORM login notes are stored under this prefix plus the note's name. */
    public static final String NOTE_PREFIX = "\u0000unstick.note:";
    /** The name the login principal is sealed under (it lives in the record's own field). */
    public static final String PRINCIPAL = "\u0000unstick.principal";

    private StoredNames() {
    }

    public static boolean isNote(String storedName) {
        return storedName.startsWith(NOTE_PREFIX);
    }

    /** True for a name that is not an application attribute. */
    public static boolean isReserved(String storedName) {
        return !storedName.isEmpty() && storedName.charAt(0) == '\u0000';
    }
}
