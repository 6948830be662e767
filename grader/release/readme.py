"""The README.md of a student release (a template filled in by `grade release`).

It is kept as a Python string so it ships inside the package whether the engine
is installed editable or not.
"""

from __future__ import annotations

from string import Template

# answers/README.md, in a release and in the instructor's course: the directory must exist (a
# shell's `> answers/week3.toml` does not make it) and say what goes in it.
ANSWERS_README = """\
# Your answer sheets

One TOML file per quiz goes here: `answers/<quiz>.toml` (for example `answers/week3.toml`).
`grade` grades every sheet in this directory.

```sh
grade quiz list                                # the quizzes
grade quiz take week3                          # answer in the terminal; saves answers/week3.toml
grade quiz sheet week3 > answers/week3.toml    # or a blank sheet to fill in with your editor
```

Add `--student YOUR_ID` to both if your instructor gave you an id: some questions are your own.
"""

STUDENT_README = Template("""\
# Your course workspace

This directory is your copy of the course's coding exercises and quizzes, with
`grade`, the program that checks them. Work here, run `grade` as often as you
like, and hand in the directory (your `exercises/*.ipynb` or `exercises/*.py`, and
`answers/*.toml`).

## Set up (once)

You need Python 3.11 or newer.

```sh
python3 -m venv .venv && . .venv/bin/activate    # a virtual environment: Debian's and Ubuntu's Python need one (PEP 668)
python3 -m pip install -e .                      # installs the `grade` command
grade                                            # grade everything here (same as: grade check .)
```

Use the student id your instructor gave you with `--student YOUR_ID` when you
make an answer sheet (`grade quiz take`, `grade quiz sheet`): the numbers in some
quiz questions and the order of the choices are your own, the sheet remembers
the id, and the grade you get when you hand in is computed for that id.
(`grade check --student YOUR_ID` grades with it explicitly.)

## Exercises

$modules

Each assignment comes twice: as a notebook, `exercises/<module>.ipynb`, laid out
like the course's (the instructions, then one cell per graded function, marked
`# GRADED FUNCTION: name`), and as a plain module, `exercises/<module>.py`. Work in
**one** of the two, where it says `# YOUR CODE HERE`. In a notebook, keep each
graded cell's marker line and its function's name and arguments, and save before
you check: the last cell (`from grader import check; check("<module>")`) grades the
saved files of this workspace and shows the report below it. To use the
notebooks, install Jupyter beside `grade` (in the same environment, so that its
kernel finds the grader) and start it here:

```sh
python3 -m pip install jupyterlab
jupyter lab exercises/
```

Then, from a terminal:

```sh
grade                                  # everything: the quizzes and the exercises
grade check --only deep_nn             # one assignment (or one function: deep_nn.L_model_backward)
grade watch                            # re-grade on every save, and show what changed
grade hint deep_nn.L_model_backward    # the next hint for a function (or a quiz question)
grade progress                         # what is done, your best score per item
```

Here `grade` runs the **public checks** in `exercises/checks/`: a few fixed
examples per function, with the expected values written out. When your work is
graded, **hidden checks** run as well (fresh random inputs of random shapes,
edge cases, gradient checks): $hidden
Passing the public checks is a good sign, not a guarantee; the report ends with
a note saying which checks ran.

## Quizzes

$quizzes

```sh
grade quiz list                                   # the quizzes
grade quiz take week3 --student YOUR_ID           # answer in the terminal; each answer is checked at once
grade quiz sheet week3 --student YOUR_ID > answers/week3.toml   # or fill in a sheet in your editor
grade                                             # grade your sheets (and your exercises)
```

A right answer shows its explanation; a wrong one shows the idea behind the
question (never the answer), so you can think again. There is no way to print
the answer key here: `grade quiz key` says so.

## Locked answers: what they protect, and what they do not

The quiz files in `quizzes/` hold **no answer key**. Each accepted answer is
stored only as a slow, salted, memory-hard hash (two scrypt lanes of 44 MiB,
hashed at once on two cores), and each explanation is encrypted
(ChaCha20-Poly1305) with a key that only the right answer produces. Checking an
answer means hashing what you wrote and comparing: about a quarter of a second
per answer on a free two-core machine (longer on one core or a busy machine), on
purpose (it makes trying every possible answer slow). `grade` remembers what it
has checked in `.grade/locks.sqlite`, so an answer you have not changed is not
hashed again (delete that file to forget; it is yours and is not handed in).

Be clear on what this does **not** do: a question with few possible answers
(true/false, four choices, a small whole number) can be "solved" by trying every answer
on your own machine; the slow hash makes that take minutes rather than seconds,
and nothing here can stop it. The local check is there to help you
learn. **The grade that counts is the one computed when you hand in**, by your
instructor's grader, which holds the real answer key and the hidden checks (this
copy of the grader is yours, and nothing you change in it reaches that grade).
Three more limits of the local check:

- Numbers are rounded onto a grid before they are hashed, so an answer just
  outside the tolerance (by at most one grid step, which is never more than the
  tolerance itself) can pass here and fail when graded. A right answer never
  fails here. Give the precision the question asks for.
- A "select all that apply" question is checked here as a whole: exactly the
  right choices pass, anything else scores 0 here. Partial credit (each right
  choice selected earns a share, each wrong one costs as much) is given when
  your submission is graded.
- $variants

## Files

| path | what |
| --- | --- |
| `exercises/<module>.ipynb` | each assignment as a notebook: complete it here... |
| `exercises/<module>.py` | ...or here, the same functions as a module |
| `exercises/checks/` | the public checks (read them: they show what is expected) |
| `exercises/manifest.toml` | assignments, graded functions, time limits, hints |
| `quizzes/*.toml` | the quizzes, with locked answers (do not edit) |
| `answers/<quiz>.toml` | your answer sheets (`grade quiz take` and `grade quiz sheet` make them) |
| `grader/` | the grading program itself |
""")





# The same README in Simplified Chinese (`grade release --lang zh`). The course's terms follow the
# glossary in docs/quiz-format.md; commands, paths and file names stay as they are typed.
STUDENT_README_ZH = Template("""\
# 你的课程工作区

这个目录是你的一份课程编程作业和测验，附带检查它们的程序 `grade`。在这里完成作业，
随时运行 `grade`，最后提交整个目录（你的 `exercises/*.ipynb` 或 `exercises/*.py`，
以及 `answers/*.toml`）。

## 安装（只需一次）

需要 Python 3.11 或更新版本。

```sh
python3 -m venv .venv && . .venv/bin/activate    # 可选，但能保持环境整洁
python3 -m pip install -e .                      # 安装 `grade` 命令
grade --lang zh                                  # 评阅这里的全部内容（等同于 grade check .）
```

终端的语言设置为中文（例如 `LANG=zh_CN.UTF-8`）时，`grade` 默认说中文；否则在任何
命令后加上 `--lang zh`。

制作答题卡（`grade quiz take`、`grade quiz sheet`）时，请用老师给你的学号，写作
`--student 你的学号`：部分测验题中的数字和选项的顺序是你自己的，答题卡会记住这个学号，
提交后的成绩也按这个学号计算。（`grade check --student 你的学号` 明确地按它评分。）

## 编程作业

$modules

每个作业有两种形式：一个 notebook，`exercises/<module>.ipynb`，布局与课程的一样（先是
说明，然后每个要评分的函数一个单元格，标有 `# GRADED FUNCTION: name`）；以及一个普通
模块，`exercises/<module>.py`。在两者中的**一个**里，在写着 `# YOUR CODE HERE` 的地方
完成作业。在 notebook 中，请保留每个评分单元格的标记行以及函数的名字和参数，并在检查前
保存：最后一个单元格（`from grader import check; check("<module>")`）评阅这个工作区中
已保存的文件，并在下方显示报告。要使用 notebook，请在 `grade` 所在的环境中安装 Jupyter
（这样它的内核才能找到评分程序），然后在这里启动：

```sh
python3 -m pip install jupyterlab
jupyter lab exercises/
```

然后在终端里：

```sh
grade                                  # 全部：测验和编程作业
grade check --only deep_nn             # 一个作业（或一个函数：deep_nn.L_model_backward）
grade watch                            # 每次保存都重新评阅，并显示变化
grade hint deep_nn.L_model_backward    # 一个函数（或一道测验题）的下一条提示
grade progress                         # 完成了什么，每一项的最好成绩
```

这里 `grade` 运行 `exercises/checks/` 中的**公开检查**：每个函数几个固定的例子，期望值都
写在里面。提交评分时还会运行**隐藏检查**（随机形状的新随机输入、边界情况、梯度检验）：
$hidden
通过公开检查是个好兆头，但不是保证；报告最后会说明运行了哪些检查。

## 测验

$quizzes

```sh
grade quiz list                                   # 所有测验
grade quiz take week3 --student 你的学号          # 在终端里答题；每个答案立即检查
grade quiz sheet week3 --student 你的学号 > answers/week3.toml   # 或者在编辑器里填写答题卡
grade                                             # 为你的答题卡（和编程作业）评分
```

答对时显示解析；答错时显示题目背后的思路（绝不显示答案），让你再想一想。这里无法打印
答案：`grade quiz key` 会说明这一点。答案可以用中文键盘输入：全角的字母、数字、括号和逗号，
判断题写 “对”/“错” 都可以。

## 锁定的答案：它保护什么，不保护什么

`quizzes/` 中的测验文件**不含答案**。每个可接受的答案只以一个缓慢的、加盐的、需要大量内存的
哈希保存（两条 44 MiB 的 scrypt 通道，在两个核上同时计算），每条解析都用只有正确答案才能
得出的密钥加密（ChaCha20-Poly1305）。检查一个答案就是对你写的内容做哈希并比较：在空闲的
双核机器上每个答案约四分之一秒（单核或繁忙的机器上更久），这是有意为之（让逐个尝试所有
可能的答案变慢）。`grade` 把检查过的结果记在 `.grade/locks.sqlite` 里，没改过的答案不会
再算一次（删除该文件即可清除；它属于你，不会被提交）。

请清楚它**不能**做什么：可能答案很少的题（判断题、四个选项、一个小整数）可以在你自己的
机器上逐个尝试来“解出”；缓慢的哈希让这需要几分钟而不是几秒，但这里没有任何东西能阻止它。
本地检查是为了帮助你学习。**算数的成绩是提交时计算的那一个**，由老师的评分程序计算，它有
真正的答案和隐藏检查（这份评分程序是你的，你在其中所做的任何修改都不会影响那个成绩）。
本地检查还有三个局限：

- 数值在哈希前被舍入到一个网格上，所以刚好超出容差的答案（最多一个网格步长，不会超过容差
  本身）可能在这里通过、评分时失败。正确的答案在这里绝不会失败。请按题目要求的精度作答。
- “选出所有正确项”的题在这里作为一个整体检查：恰好选中所有正确选项才通过，否则这里记 0 分。
  部分得分（每选对一个得一份，每选错一个扣同样的一份）在提交评分时给出。
- $variants

## 文件

| 路径 | 内容 |
| --- | --- |
| `exercises/<module>.ipynb` | 每个作业的 notebook：在这里完成…… |
| `exercises/<module>.py` | ……或者在这里，同样的函数写成模块 |
| `exercises/checks/` | 公开检查（读一读：它们说明了期望的结果） |
| `exercises/manifest.toml` | 作业、评分函数、时间限制、提示 |
| `quizzes/*.toml` | 测验，答案已锁定（请勿编辑） |
| `answers/<quiz>.toml` | 你的答题卡（由 `grade quiz take` 和 `grade quiz sheet` 生成） |
| `grader/` | 评分程序本身 |
""")


def render(*, modules: str, hidden: str, quizzes: str, variants: str, lang: str = "en") -> str:
    """The README in `lang` ("en" or "zh"), with the course's own parts filled in."""
    template = STUDENT_README_ZH if lang == "zh" else STUDENT_README
    return template.substitute(modules=modules, hidden=hidden, quizzes=quizzes, variants=variants)
