"""``python -m app``: kept for scripts written before the start-up package; it runs
``python -m jixiao`` (the core itself never imports the templates)."""
import runpy

runpy.run_module("jixiao", run_name="__main__", alter_sys=True)
