<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CommandLine</name>
    <message>
        <source>Chat with DeepSeek models, on this computer or remotely.</source>
        <translation>与 DeepSeek 模型对话，可在本机运行，也可连接远程服务。</translation>
    </message>
    <message>
        <source>Keep conversations and settings in &lt;dir&gt; instead of the default data folder (created when missing).</source>
        <translation>将对话和设置保存在 &lt;目录&gt; 中，而不是默认的数据文件夹（不存在时自动创建）。</translation>
    </message>
    <message>
        <source>dir</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>unexpected argument “%1”; see qiusuo --help.</source>
        <translation>无法识别的参数“%1”；请参阅 qiusuo --help。</translation>
    </message>
    <message>
        <source>--profile needs a folder, e.g. --profile ~/qiusuo-test.</source>
        <translation>--profile 需要指定一个文件夹，例如 --profile ~/qiusuo-test。</translation>
    </message>
    <message>
        <source>the profile “%1” is a file, not a folder.</source>
        <translation>配置目录“%1”是一个文件，而不是文件夹。</translation>
    </message>
</context>
<context>
    <name>ConversationDelegate</name>
    <message>
        <source>%1, pinned, %2</source>
        <translation>%1，已置顶，%2</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Conversation title</source>
        <translation>对话标题</translation>
    </message>
    <message>
        <source>More actions for “%1”</source>
        <translation>“%1”的更多操作</translation>
    </message>
    <message>
        <source>More actions</source>
        <translation>更多操作</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>ConversationPane</name>
    <message>
        <source>No messages yet</source>
        <translation>还没有消息</translation>
    </message>
    <message>
        <source>Start a conversation</source>
        <translation>开始一段对话</translation>
    </message>
    <message>
        <source>Messages of this conversation will appear here.</source>
        <translation>这段对话的消息会显示在这里。</translation>
    </message>
    <message>
        <source>Press Ctrl+N or click “New chat”.</source>
        <translation>按 Ctrl+N 或点击“新对话”。</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>对话记录</translation>
    </message>
</context>
<context>
    <name>DeleteDialog</name>
    <message>
        <source>Delete conversation?</source>
        <translation>删除对话？</translation>
    </message>
    <message>
        <source>“%1” and all its messages will be deleted. This cannot be undone.</source>
        <translation>“%1”及其所有消息都将被删除，且无法恢复。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the conversation</source>
        <translation>删除这段对话</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>%1 — Qiusuo</source>
        <translation>%1 — 求索</translation>
    </message>
    <message>
        <source>Qiusuo</source>
        <translation>求索</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
</context>
<context>
    <name>RelativeTime</name>
    <message>
        <source>Just now</source>
        <translation>刚刚</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <comment>minutes</comment>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <comment>hours</comment>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <comment>calendar days</comment>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Conversations</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <source>Qiusuo</source>
        <translation>求索</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Start a new conversation (Ctrl+N)</source>
        <translation>开始新的对话（Ctrl+N）</translation>
    </message>
    <message>
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>No conversations yet.</source>
        <translation>还没有对话。</translation>
    </message>
</context>
<context>
    <name>StartupProblem</name>
    <message>
        <source>Qiusuo — cannot open your conversations</source>
        <translation>求索 — 无法打开你的对话</translation>
    </message>
    <message>
        <source>Your conversation database is damaged</source>
        <translation>你的对话数据库已损坏</translation>
    </message>
    <message>
        <source>Qiusuo cannot open your conversations</source>
        <translation>求索无法打开你的对话</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Quit Qiusuo</source>
        <translation>退出求索</translation>
    </message>
    <message>
        <source>Move it aside and start afresh</source>
        <translation>移到一旁并重新开始</translation>
    </message>
    <message>
        <source>Moving it aside keeps the damaged file, renamed, in the same folder: nothing is deleted.</source>
        <translation>移到一旁会将损坏的文件改名后保留在同一文件夹中，不会删除任何内容。</translation>
    </message>
</context>
</TS>
