"""gradtrack — 毕业生就业跟踪管理系统."""

__version__ = "0.1.0"
