import { MessageEditor } from '../../messages/MessageEditor';
import type { NodeFormProps } from './types';

export function SendForm(props: NodeFormProps<'send'>) {
  return <MessageEditor {...props} />;
}
