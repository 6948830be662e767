"""Locked answers: a student release checks answers without holding the answer key.

`grade release` replaces every item's key by a *lock* (build.py); `grade check`
and `grade quiz take` in the release open locks with the student's own answer
(open.py). See docs/release.md for the reasoning and the limits.

- crypto.py  the slow hash (format 3: two scrypt lanes of 44 MiB, ~0.24 s of CPU
             each, hashed at once in two threads, combined by HKDF), content
             keys, sealing explanations (ChaCha20-Poly1305); the format number
- cache.py   the workspace's checked answers (.grade/locks.sqlite), so a fresh
             `grade` does not hash an unchanged answer again
- forms.py   what is hashed: every answer normalised as the engine compares it,
             numbers rounded onto grids derived from the tolerances only
- model.py   the locked bank as data, its structural problems, the message for
             a bank locked in an earlier format
- build.py   release side: plans, hashes and TOML
- open.py    check side: one hash per answer; the explanation opens when right.
             Its LockedKey has the same `check(prepared, answer, cache) -> Mark`
             as a key in the clear (grader/quiz/marks.py), so nothing that scores
             an answer asks which kind of key it holds

Dependencies run one way: crypto, forms <- model <- build, open. The check side
(loader, scoring, take, views) imports model and open directly, never this
package: it re-exports the release side too, which a check does not need.

What a lock is, in short: every accepted answer's normalised form is run through
two scrypt lanes with salts made of the release salt, the quiz, the item, the
variant and the lane number.
The first 16 bytes are the *tag* a student's answer must reproduce; the next 32
wrap the lock's content key, which seals the explanation (it usually gives the
answer away). The concept stays in clear: it is what a wrong answer shows.
A multiple-select item is locked as the exact set of right choices (one form),
so finding it by trial costs up to 2**n - 1 hashes for n choices, not n.
Parameterised items are locked per variant (the tuple of drawn parameter
indexes): every variant when there are few, else the roster's.
"""

from __future__ import annotations

from grader import lazy

# name -> the module that defines it. Loaded on first use: the check side imports lock.model
# and lock.open, and every import of a submodule runs this file first, so importing the release
# side (build) here would load it into every `grade check` of a release.
_EXPORTS: dict[str, str] = {
    "ALL_VARIANTS_MAX": "grader.quiz.lock.build",
    "LockStats": "grader.quiz.lock.build",
    "lock_bank": "grader.quiz.lock.build",
    "plan_item": "grader.quiz.lock.build",
    "public_params": "grader.quiz.lock.build",
    "referenced_paths": "grader.quiz.lock.build",
    "FORMAT": "grader.quiz.lock.crypto",
    "STANDARD": "grader.quiz.lock.crypto",
    "TAG_BYTES": "grader.quiz.lock.crypto",
    "Kdf": "grader.quiz.lock.crypto",
    "content_key": "grader.quiz.lock.crypto",
    "default_workers": "grader.quiz.lock.crypto",
    "derive_all": "grader.quiz.lock.crypto",
    "lock_salt": "grader.quiz.lock.crypto",
    "seal": "grader.quiz.lock.crypto",
    "unseal": "grader.quiz.lock.crypto",
    "variant_tag": "grader.quiz.lock.crypto",
    "Grid": "grader.quiz.lock.forms",
    "abs_point": "grader.quiz.lock.forms",
    "answer_forms": "grader.quiz.lock.forms",
    "grid_for": "grader.quiz.lock.forms",
    "key_forms": "grader.quiz.lock.forms",
    "multiple_form": "grader.quiz.lock.forms",
    "number_forms": "grader.quiz.lock.forms",
    "number_key_forms": "grader.quiz.lock.forms",
    "rel_point": "grader.quiz.lock.forms",
    "LockedBank": "grader.quiz.lock.model",
    "LockedItem": "grader.quiz.lock.model",
    "LockHeader": "grader.quiz.lock.model",
    "VariantLock": "grader.quiz.lock.model",
    "format_problem": "grader.quiz.lock.model",
    "is_locked": "grader.quiz.lock.model",
    "is_locked_data": "grader.quiz.lock.model",
    "locked_item_problems": "grader.quiz.lock.model",
    "locked_structural_problems": "grader.quiz.lock.model",
    "LockedKey": "grader.quiz.lock.open",
    "prepare_locked": "grader.quiz.lock.open",
    "warm": "grader.quiz.lock.open",
    "variant_index": "grader.quiz.variants",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy.exports(__name__, _EXPORTS)
