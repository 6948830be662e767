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

from grader.quiz.lock.build import ALL_VARIANTS_MAX, LockStats, lock_bank, plan_item, public_params, referenced_paths
from grader.quiz.lock.crypto import (
    FORMAT, STANDARD, TAG_BYTES, Kdf, content_key, default_workers, derive_all, lock_salt, seal, unseal, variant_tag,
)
from grader.quiz.lock.forms import (
    Grid, abs_point, answer_forms, grid_for, key_forms, multiple_form, number_forms, number_key_forms, rel_point,
)
from grader.quiz.lock.model import (
    LockedBank, LockedItem, LockHeader, VariantLock, format_problem, is_locked, is_locked_data,
    locked_item_problems, locked_structural_problems,
)
from grader.quiz.lock.open import LockedKey, prepare_locked, warm
from grader.quiz.variants import variant_index

__all__ = [
    "ALL_VARIANTS_MAX", "FORMAT", "STANDARD", "TAG_BYTES", "Grid", "Kdf", "LockHeader", "LockStats", "LockedBank",
    "LockedItem", "LockedKey", "VariantLock", "abs_point", "answer_forms", "content_key",
    "default_workers", "derive_all", "format_problem", "grid_for", "is_locked", "is_locked_data", "key_forms",
    "lock_bank", "lock_salt", "locked_item_problems", "locked_structural_problems", "multiple_form",
    "number_forms", "number_key_forms", "plan_item", "prepare_locked", "public_params", "referenced_paths",
    "rel_point", "seal", "unseal", "variant_index", "variant_tag", "warm",
]
